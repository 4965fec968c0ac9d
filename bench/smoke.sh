#!/usr/bin/env bash
# bench_smoke (CTest): the load client for ~1 s against the raw ceiling and against
# Framescope's echo server, small parameters. Asserts correctness only: every echo verified
# byte for byte, no errors, more than zero messages. Never a timing assertion.
# Usage: smoke.sh LOADCLIENT RAW_ECHO FRAMESCOPE [ECHO_EXAMPLE]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
loadclient=$1 raw=$2 framescope=$3 example=${4:-}
pids=()
cleanup() { for p in "${pids[@]}"; do bench_stop "$p"; done; }
trap cleanup EXIT
failed=0

# smoke_against NAME CMD...: start the server, run three small loads, stop it.
smoke_against() {
    local name=$1
    shift
    local port=$1
    shift
    "$@" >/dev/null 2>&1 &
    local pid=$!
    pids+=("$pid")
    if ! bench_wait_port "$pid" "$port" 15; then
        echo "FAIL $name: server did not listen on $port"
        failed=1
        return
    fi
    local load out
    for load in "-c 4 -w 4 -s 32 --binary" "-c 2 -w 2 -s 100 --text" "-c 2 -w 2 -s 70000 --binary"; do
        # shellcheck disable=SC2086
        if out=$("$loadclient" --port "$port" $load -d 1 --warmup 0.1 --server-pid "$pid" --json --label "$name"); then
            echo "ok   $name $load: $out"
        else
            echo "FAIL $name $load: ${out:-no output}"
            failed=1
        fi
    done
    bench_stop "$pid"
}

port=$(bench_free_port)
smoke_against raw_echo "$port" "$raw" "$port"

port=$(bench_free_port)
if mapfile -t cmd < <(bench_framescope_cmd "$framescope" "$example" "$port") && ((${#cmd[@]} > 0)); then
    smoke_against "framescope($(basename "${cmd[0]}"))" "$port" "${cmd[@]}"
else
    echo "FAIL framescope: neither 'framescope --mode echo' nor framescope_echo_example is built"
    failed=1
fi
exit $failed
