#!/usr/bin/env bash
# Framescope benchmark: Framescope's echo server against the peers (QWebSocketServer,
# Boost.Beast, libwebsockets, Node ws) and the raw ceiling, on loopback.
#
#   bench/run.sh [--quick] [--duration N] [--reps N] [--only a,b,...] [--build DIR]
#                [--baseline DIR] [--peers "framescope qt ..."]
#
# --baseline DIR adds the server "framescope-base": the app of another release build (say,
# main before a change) run interleaved with this one, so a before/after ratio comes from
# one run (and "framescope-base-gui", its window, in scenario f). --peers limits scenarios
# a-d to the named servers. "framescope-portable" is the app
# with FRAMESCOPE_IO=portable (the I/O backend of Windows, on this machine).
#
# Builds nothing: expects a release build (cmake --preset release && cmake --build --preset
# release). Each server runs pinned to CPU 0, the load client to CPU 1. Every scenario runs
# --reps times (3), servers interleaved within each repetition so that ratios come from runs
# made close together; a run disturbed by more than 10% hypervisor steal (/proc/stat) is
# repeated once. Prints medians, the spread and Framescope's ratio to each server, and writes
# every run to bench/results/<date>.json.
#
# Scenarios: a  1 conn, W=1, 32 B text: round-trip p50/p99
#            b  100 conns, W=16, 32 B binary: msgs/s, server CPU per message
#            c  10 conns, W=4, 64 KiB binary: MB/s
#            d  1000 conns, W=1, 16 B binary: msgs/s
#            e  b and c with permessage-deflate, against ws with perMessageDeflate
#            f  b with the GUI window open (Xvfb) and with the JSON Lines log on
#            m  idle RSS per connection at 10 000 connections
#            t  b with --threads 1 and 2 (server may use both CPUs)
#            w  wss:// (TLS 1.3, one ECDSA P-256 certificate for both): b and c against
#               Node ws on an https.Server
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
source "$here/lib.sh"
orig_args=("$@")

build="$root/build/release"
duration=5
warmup=1
reps=3
only="a,b,c,d,e,f,m,t,w"
baseline=""
peers_only=""
idle_conns=10000
while (($#)); do
    case $1 in
    --quick) duration=1 warmup=0.3 reps=1 ;;
    --duration) duration=$2; shift ;;
    --reps) reps=$2; shift ;;
    --only) only=$2; shift ;;
    --build) build=$2; shift ;;
    --baseline) baseline=$2; shift ;;
    --peers) peers_only=$2; shift ;;
    --idle-connections) idle_conns=$2; shift ;;
    -h | --help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

lc="$build/bench/framescope_loadclient"
fs="$build/app/framescope"
example="$build/tests/server/framescope_echo_example"
[[ -x "$lc" ]] || { echo "run.sh: $lc not built (cmake --build --preset release)" >&2; exit 1; }

ulimit -n "$(ulimit -Hn)" 2>/dev/null
results_dir="$here/results"
mkdir -p "$results_dir"
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
runs_file=$(mktemp /tmp/framescope-bench-runs.XXXXXX)
log_dir=$(mktemp -d /tmp/framescope-bench-logs.XXXXXX)
tls_dir=""
server_pid=""
xvfb_pid=""
cleanup() {
    bench_stop "$server_pid"
    bench_stop "$xvfb_pid"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fs_help=""
if [[ -x "$fs" ]]; then
    fs_help=$(QT_QPA_PLATFORM=offscreen "$fs" --help 2>/dev/null || true)
fi
fs_has() { grep -q -- "$1" <<<"$fs_help"; }

# server_cmd NAME PORT: fills the array `cmd` (and `env_extra`), or returns 1 when this
# server is not available in this build.
server_cmd() {
    local name=$1 port=$2
    cmd=()
    env_extra=()
    case $name in
    framescope)
        mapfile -t cmd < <(bench_framescope_cmd "$fs" "$example" "$port") ;;
    framescope-portable)
        # The same app on the portable I/O backend (QSocketNotifier per socket, Qt's
        # dispatcher): the Windows path, measured here on Linux.
        mapfile -t cmd < <(bench_framescope_cmd "$fs" "" "$port")
        env_extra=(FRAMESCOPE_IO=portable) ;;
    framescope-base)
        [[ -n "$baseline" ]] || return 1
        mapfile -t cmd < <(bench_framescope_cmd "$baseline/app/framescope" "" "$port") ;;
    framescope-jsonl)
        fs_has --log-file || return 1
        cmd=("$fs" --no-gui --mode echo --log-format jsonl --log-file /dev/null --port "$port") ;;
    framescope-gui | framescope-base-gui)
        fs_has --mode || return 1
        command -v Xvfb >/dev/null || return 1
        local app="$fs"
        if [[ $name == framescope-base-gui ]]; then
            [[ -n "$baseline" ]] || return 1
            app="$baseline/app/framescope"
        fi
        cmd=("$app" --mode echo --log-format none --port "$port")
        # The window's event-loop latency, one JSON line of samples per second.
        rm -f "$log_dir/gui-probe.jsonl"
        env_extra=(DISPLAY="$xvfb_display" QT_QPA_PLATFORM=xcb
            FRAMESCOPE_EVENT_LOOP_PROBE="$log_dir/gui-probe.jsonl") ;;
    framescope-deflate)
        # Compress every echo, like ws with threshold 0 (the default min size is 64 B).
        fs_has websocket-compression || return 1
        local extra=(--websocket-compression)
        fs_has websocket-compress-all && extra+=(--websocket-compress-all)
        fs_has websocket-compression-min-size && extra+=(--websocket-compression-min-size 0)
        mapfile -t cmd < <(bench_framescope_cmd "$fs" "" "$port" "${extra[@]}") ;;
    framescope-idle)
        # The idle scenario opens 10 000 connections: lift max_connection above that.
        if fs_has max-connection; then
            mapfile -t cmd < <(bench_framescope_cmd "$fs" "$example" "$port" --max-connection 20000)
        else
            mapfile -t cmd < <(bench_framescope_cmd "$fs" "$example" "$port")
        fi ;;
    framescope-t1 | framescope-t2)
        fs_has --threads || return 1
        mapfile -t cmd < <(bench_framescope_cmd "$fs" "" "$port" --threads "${name#framescope-t}") ;;
    raw) cmd=("$build/bench/framescope_raw_echo" "$port") ;;
    qt) cmd=("$build/bench/framescope_qt_echo" "$port") ;;
    beast) cmd=("$build/bench/framescope_beast_echo" "$port") ;;
    lws) cmd=("$build/bench/framescope_lws_echo" "$port") ;;
    ws) cmd=(node "$here/peers/ws_echo.js" "$port") ;;
    ws-deflate) cmd=(node "$here/peers/ws_echo.js" "$port" --deflate) ;;
    framescope-tls)
        fs_has ssl-cert-file || return 1
        [[ -s "$tls_dir/cert.pem" ]] || return 1
        mapfile -t cmd < <(bench_framescope_cmd "$fs" "" "$port" --ssl-cert-file "$tls_dir/cert.pem" \
            --ssl-key-file "$tls_dir/key.pem") ;;
    ws-tls)
        [[ -s "$tls_dir/cert.pem" ]] || return 1
        cmd=(node "$here/peers/ws_echo.js" "$port" --tls "$tls_dir/cert.pem" "$tls_dir/key.pem") ;;
    *) return 1 ;;
    esac
    ((${#cmd[@]} > 0)) || return 1
    [[ ${cmd[0]} == node ]] || [[ -x ${cmd[0]} ]]
}

# steal_sample: prints "steal total" jiffies summed over all CPUs.
steal_sample() {
    awk '/^cpu /{t=0; for(i=2;i<=NF;i++) t+=$i; print $9, t; exit}' /proc/stat
}

# one_run SCENARIO SERVER REP CPUSET LOADARGS...: starts the server, runs the load client
# once, appends one JSON line to $runs_file. Repeats once when steal was above 10%.
one_run() {
    local scenario=$1 server=$2 rep=$3 cpuset=$4
    shift 4
    local attempt
    for attempt in 1 2; do
        local port
        port=$(bench_free_port)
        if ! server_cmd "$server" "$port"; then
            echo "  $server: not available in this build, skipped"
            return 1
        fi
        env "${env_extra[@]}" taskset -c "$cpuset" "${cmd[@]}" >"$log_dir/$server.out" 2>"$log_dir/$server.err" &
        server_pid=$!
        if ! bench_wait_port "$server_pid" "$port" 20; then
            echo "  $server: did not start (see $log_dir/$server.err)"
            bench_stop "$server_pid"
            server_pid=""
            return 1
        fi
        local s0 s1 out rc steal load1
        # Other helpers share this machine: the 1-minute load average says how busy it was.
        load1=$(cut -d' ' -f1 /proc/loadavg)
        s0=$(steal_sample)
        local t0 t1
        t0=$(date +%s%3N)
        out=$(taskset -c 1 "$lc" --port "$port" --server-pid "$server_pid" --json \
            --label "$server" "$@" 2>>"$log_dir/loadclient.err")
        rc=$?
        t1=$(date +%s%3N)
        if [[ $server == framescope-gui || $server == framescope-base-gui ]] && [[ -n "$out" ]]; then
            sleep 1.1 # the probe writes the last second of the load
            out=$(/usr/bin/python3 "$here/guiprobe.py" "$log_dir/gui-probe.jsonl" "$t0" "$t1" "$out")
        fi
        s1=$(steal_sample)
        bench_stop "$server_pid"
        server_pid=""
        steal=$(awk -v a="$s0" -v b="$s1" 'BEGIN{split(a,x," "); split(b,y," "); d=y[2]-x[2]; printf "%.1f", (d > 0 ? 100 * (y[1] - x[1]) / d : 0)}')
        [[ -n "$out" ]] || out='{"errors":-1,"error_samples":["load client produced no output"]}'
        printf '{"scenario":"%s","server":"%s","rep":%d,"attempt":%d,"steal_pct":%s,"load1":%s,"rc":%d,"result":%s}\n' \
            "$scenario" "$server" "$rep" "$attempt" "$steal" "$load1" "$rc" "$out" >>"$runs_file"
        /usr/bin/python3 - "$out" "$steal" "$server" "$rep" "$load1" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); server = sys.argv[3]; rep = sys.argv[4]
steal = f"{sys.argv[2]}% load {sys.argv[5]}"
if r.get("mode") == "connect-only":
    print(f"  {server:20s} rep {rep}: {r.get('open')} open, {r.get('rss_per_conn_bytes')} B/conn, steal {steal}")
else:
    print(f"  {server:20s} rep {rep}: {r.get('msgs_per_s', 0):>11,.0f} msgs/s {r.get('mb_per_s', 0):>8.1f} MB/s "
          f"p50 {r.get('rtt_p50_us', 0):>8.1f} us p99 {r.get('rtt_p99_us', 0):>8.1f} us "
          f"cpu/msg {r.get('server_ns_per_msg', -1):>8.0f} ns err {r.get('errors')} steal {steal}")
PY
        if awk -v s="$steal" 'BEGIN{exit !(s > 10)}' && ((attempt == 1)); then
            echo "  steal ${steal}% > 10%: repeating this run once"
            continue
        fi
        return 0
    done
}

# scenario NAME "SERVERS" LOADARGS...: every repetition runs every server once.
scenario() {
    local name=$1 servers=$2
    shift 2
    [[ ",$only," == *",${name%%[0-9]*},"* || ",$only," == *",$name,"* ]] || return 0
    echo "== scenario $name: $* (duration ${duration}s, ${reps}x)"
    local rep server i list
    read -r -a list <<<"$servers"
    for ((rep = 1; rep <= reps; rep++)); do
        # Rotate the order each repetition so no server always runs first or last.
        for ((i = 0; i < ${#list[@]}; i++)); do
            server=${list[(i + rep - 1) % ${#list[@]}]}
            one_run "$name" "$server" "$rep" 0 "$@" || true
        done
    done
}

peers="framescope framescope-portable raw qt beast lws ws"
[[ -n "$baseline" ]] && peers+=" framescope-base"
[[ -n "$peers_only" ]] && peers="framescope $peers_only"
common=(-d "$duration" --warmup "$warmup")

scenario a "$peers" -c 1 -w 1 -s 32 --text "${common[@]}"
scenario b "$peers" -c 100 -w 16 -s 32 --binary "${common[@]}"
scenario c "$peers" -c 10 -w 4 -s 65536 --binary "${common[@]}"
scenario d "$peers" -c 1000 -w 1 -s 16 --binary "${common[@]}"
scenario e1 "framescope-deflate ws-deflate" -c 100 -w 16 -s 32 --binary --deflate "${common[@]}"
scenario e2 "framescope-deflate ws-deflate" -c 10 -w 4 -s 65536 --binary --deflate "${common[@]}"
if [[ ",$only," == *",w,"* ]]; then
    tls_dir="$log_dir/tls"
    mkdir -p "$tls_dir"
    if [[ -x "$build/bench/framescope_bench_tlscert" ]] && "$build/bench/framescope_bench_tlscert" "$tls_dir"; then
        scenario w1 "framescope-tls ws-tls" -c 100 -w 16 -s 32 --binary --tls "${common[@]}"
        scenario w2 "framescope-tls ws-tls" -c 10 -w 4 -s 65536 --binary --tls "${common[@]}"
    else
        echo "== scenario w: skipped (no $build/bench/framescope_bench_tlscert)"
    fi
fi
if [[ ",$only," == *",f,"* ]]; then
    xvfb_display=""
    if command -v Xvfb >/dev/null; then
        Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$log_dir/xvfb.display" 2>"$log_dir/xvfb.err" &
        xvfb_pid=$!
        for ((i = 0; i < 100; i++)); do
            [[ -s "$log_dir/xvfb.display" ]] && break
            sleep 0.1
        done
        [[ -s "$log_dir/xvfb.display" ]] && xvfb_display=":$(head -1 "$log_dir/xvfb.display")"
    fi
    f_servers="framescope framescope-gui framescope-jsonl"
    [[ -n "$baseline" ]] && f_servers+=" framescope-base-gui"
    scenario f "$f_servers" -c 100 -w 16 -s 32 --binary "${common[@]}"
    bench_stop "$xvfb_pid"
    xvfb_pid=""
fi
scenario m "framescope-idle raw qt beast lws ws" --connect-only -c "$idle_conns" --hold 3 --connect-timeout 120
if [[ ",$only," == *",t,"* ]]; then
    echo "== scenario t: 100 conns W=16 32 B, --threads 1 vs 2 (server on CPUs 0-1)"
    for ((rep = 1; rep <= reps; rep++)); do
        for server in framescope-t1 framescope-t2; do
            one_run t "$server" "$rep" 0,1 -c 100 -w 16 -s 32 --binary "${common[@]}" || true
        done
    done
fi

out_json="$results_dir/$stamp.json"
/usr/bin/python3 "$here/summarize.py" "$runs_file" "$out_json" \
    "bench/run.sh ${orig_args[*]}" "$duration" "$reps"
echo "runs: $out_json (server logs: $log_dir)"
rm -f "$runs_file"
