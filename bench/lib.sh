# Shared by bench/run.sh and bench/smoke.sh (sourced, not run).

# A port nobody listens on right now (the kernel picks it; tiny race accepted).
bench_free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# bench_wait_port PID PORT TIMEOUT_S: true once PORT accepts TCP while PID is alive.
bench_wait_port() {
    local pid=$1 port=$2 deadline=$((SECONDS + $3))
    while ((SECONDS < deadline)); do
        kill -0 "$pid" 2>/dev/null || return 1
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.05
    done
    return 1
}

# bench_stop PID: SIGTERM, then SIGKILL after 3 s; only the process we started.
bench_stop() {
    local pid=$1 i
    [[ -n "$pid" ]] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 60; i++)); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
        sleep 0.05
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

# bench_framescope_cmd FRAMESCOPE ECHO_EXAMPLE PORT [extra args...]: prints the command
# line (one word per line) that starts Framescope's echo server. Uses the real CLI when
# `framescope --help` knows --mode, else the server's example echo program.
bench_framescope_cmd() {
    local fs=$1 example=$2 port=$3
    shift 3
    local help=""
    # Captured first: `--help | grep -q` under pipefail fails at random when grep exits
    # early and --help dies of SIGPIPE.
    [[ -x "$fs" ]] && help=$(QT_QPA_PLATFORM=offscreen "$fs" --help 2>/dev/null)
    if grep -q -- '--mode' <<<"$help"; then
        printf '%s\n' "$fs" --no-gui --mode echo --log-format none --port "$port" "$@"
    elif [[ -n "$example" && -x "$example" ]]; then
        printf '%s\n' "$example" "$port"
    else
        return 1
    fi
}
