#!/usr/bin/env bash
# Profiles one echo server under one load: perf (cpu-clock samples with call graphs) for the
# hot spots, perf syscall tracepoints for syscalls per message.
#
#   bench/profile.sh [--build DIR] [--server framescope|raw|qt|...] [--seconds N] -- LOADARGS...
#   e.g. bench/profile.sh -- -c 100 -w 16 -s 32 --binary
#
# Needs linux-perf (`perf record` works without hardware counters: cpu-clock). Writes
# perf.data to a temp dir and prints: the load client's table, syscalls and context switches
# (all the server's threads) per message, the kernel/user split and the top symbols.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
build="$here/../build/release"
server=framescope
seconds=4
while (($#)); do
    case $1 in
    --build) build=$2; shift ;;
    --server) server=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --) shift; break ;;
    *) echo "profile.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
command -v perf >/dev/null || { echo "profile.sh: perf not installed (apt linux-perf)" >&2; exit 1; }
lc="$build/bench/framescope_loadclient"
port=$(bench_free_port)
case $server in
framescope) mapfile -t cmd < <(bench_framescope_cmd "$build/app/framescope" "$build/tests/server/framescope_echo_example" "$port") ;;
raw) cmd=("$build/bench/framescope_raw_echo" "$port") ;;
qt) cmd=("$build/bench/framescope_qt_echo" "$port") ;;
beast) cmd=("$build/bench/framescope_beast_echo" "$port") ;;
lws) cmd=("$build/bench/framescope_lws_echo" "$port") ;;
*) echo "profile.sh: unknown server $server" >&2; exit 2 ;;
esac
out=$(mktemp -d /tmp/framescope-profile.XXXXXX)
taskset -c 0 "${cmd[@]}" >"$out/server.out" 2>&1 &
spid=$!
trap 'bench_stop $spid' EXIT
bench_wait_port "$spid" "$port" 20 || { echo "profile.sh: server did not start" >&2; exit 1; }

# Warm up, then sample and count syscalls over the same window the client measures.
taskset -c 1 "$lc" --port "$port" "$@" -d $((seconds + 2)) --warmup 0.5 --server-pid "$spid" --json >"$out/load.json" &
lpid=$!
sleep 1
perf record -e cpu-clock -F 1999 -g -p "$spid" -o "$out/perf.data" -- sleep "$seconds" >"$out/perf-record.log" 2>&1 &
rpid=$!
perf stat -x, -e 'context-switches,syscalls:sys_enter_read,syscalls:sys_enter_readv,syscalls:sys_enter_recvfrom,syscalls:sys_enter_write,syscalls:sys_enter_writev,syscalls:sys_enter_sendto,syscalls:sys_enter_sendmsg,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_ppoll,syscalls:sys_enter_poll' \
    -p "$spid" -o "$out/syscalls.csv" -- sleep "$seconds" >/dev/null 2>&1
wait "$rpid"
wait "$lpid"
cat "$out/load.json"
msgs_per_s=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["msgs_per_s"])' "$out/load.json")
echo "syscalls and context switches per message over ${seconds}s at ${msgs_per_s} msgs/s:"
awk -F, -v m="$msgs_per_s" -v s="$seconds" '$1 ~ /^[0-9]+$/ && $1 > 0 {k = split($3, n, ":"); printf "  %-20s %10d  %.3f per msg (%.1f msgs per event)\n", n[k], $1, $1 / (m * s), (m * s) / $1}' "$out/syscalls.csv"
echo "kernel/user split:"
perf report -i "$out/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -6
echo "top symbols (self):"
perf report -i "$out/perf.data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -30
echo "perf data: $out/perf.data"
