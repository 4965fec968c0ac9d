#!/usr/bin/env bash
# Records the seed corpus of fuzz_server (tests/fuzz/corpus/server/rec-*) from real clients:
# the interop suites (python3-websockets, Node ws, Chromium, with and without
# permessage-deflate), a QWebSocket client and curl on the control API, each through
# record_proxy.py. Needs the debug build of the servers and the app:
#   cmake --build --preset debug --target framescope framescope_echo_example \
#       framescope_interop_server framescope_compression_echo
#   tests/fuzz/record/record_corpus.sh [build/debug]
# Inputs are named after a hash of their content: recording again adds only what changed.
set -euo pipefail
cd "$(dirname "$0")/../../.."
build=${1:-build/debug}
out=$PWD/tests/fuzz/corpus/server
proxy=$PWD/tests/fuzz/record/record_proxy.py
py=/usr/bin/python3
node=$(command -v node || command -v nodejs)
export FRAMESCOPE_CHROMIUM=${FRAMESCOPE_CHROMIUM:-$(command -v chromium)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo_server=$build/tests/server/framescope_echo_example
close_server=$build/tests/interop/framescope_interop_server
deflate_server=$build/tests/interop/compression/framescope_compression_echo
app=$build/app/framescope

# rec PREFIX SERVER COMMAND…: COMMAND runs with --server pointing at the proxy, which
# starts SERVER with the arguments the script gives it.
rec() {
    local prefix=$1 server=$2
    shift 2
    echo "record_corpus: $prefix"
    FRAMESCOPE_RECORD_OUT=$out FRAMESCOPE_RECORD_PREFIX=$prefix FRAMESCOPE_RECORD_SERVER=$server \
        "$@" > "$tmp/$prefix.log" 2>&1 || { tail -n 20 "$tmp/$prefix.log"; echo "record_corpus: $prefix failed" >&2; exit 1; }
}

rec rec-python "$echo_server" $py tests/interop/python_websockets_test.py \
    --server "$proxy" --close-server "$close_server"
rec rec-node "$echo_server" "$node" tests/interop/node_ws_test.js \
    --server "$proxy" --close-server "$close_server"
rec rec-chromium "$echo_server" "$node" tests/interop/chromium_test.js \
    --server "$proxy" --close-server "$close_server"
rec rec-python-deflate "$deflate_server" $py tests/interop/compression/compression_python.py \
    --server "$proxy"
rec rec-node-deflate "$deflate_server" "$node" tests/interop/compression/compression_node.js \
    --server "$proxy"
rec rec-chromium-deflate "$deflate_server" "$node" \
    tests/interop/compression/compression_chromium.js --server "$proxy"

# The headless app behind the proxy: a QWebSocket session, then curl on the control API.
g++ -std=c++17 -fPIC -O1 -o "$tmp/qwebsocket_session" tests/fuzz/record/qwebsocket_session.cpp \
    $(pkg-config --cflags --libs Qt6WebSockets)
FRAMESCOPE_RECORD_OUT=$out FRAMESCOPE_RECORD_PREFIX=rec-app FRAMESCOPE_RECORD_SERVER=$app \
    $py "$proxy" --no-gui --port 0 > "$tmp/app.log" 2>&1 &
proxy_pid=$!
port=
for _ in $(seq 100); do
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$tmp/app.log")
    [[ -n "$port" ]] && break
    sleep 0.1
done
[[ -n "$port" ]] || { cat "$tmp/app.log"; exit 1; }
echo "record_corpus: rec-app (QWebSocket, curl) on port $port"
"$tmp/qwebsocket_session" "ws://127.0.0.1:$port/"
# A client that stays connected, so that the API has someone to push to (fd 2).
$py - "$port" > "$tmp/holder.log" 2>&1 <<'PY' &
import asyncio, sys, websockets
async def main():
    async with websockets.connect("ws://127.0.0.1:%s/" % sys.argv[1]) as ws:
        await asyncio.sleep(3)
asyncio.run(main())
PY
holder=$!
sleep 0.5
base=http://127.0.0.1:$port
c() { curl -s -o /dev/null "$@" || true; }
c "$base/"
c "$base/connections"
c "$base/connections/2"
c -X POST "$base/push" -d '{"fd": 2, "data": "hello from curl"}'
c -X POST "$base/push" -d '{"fd": 2, "data": "AAEC/w==", "opcode": 2, "encoding": "base64", "fin": false}'
c -X POST "$base/push" -d '{"fd": 2, "fn": false}'
c -X POST "$base/broadcast" -d '{"data": "to everyone", "compress": true}'
c -X POST "$base/ping" -d '{"fd": 2, "payload": "are you there"}'
c -X POST "$base/push" -H 'Transfer-Encoding: chunked' -d '{"fd": 2, "data": "chunked body"}'
c -X POST "$base/push" -d '{"fd": 99, "data": "nobody"}'
c -X POST "$base/push" -d 'not json'
c -X DELETE "$base/connections"
c "$base/?message=hi%20there"
c -X POST "$base/disconnect" -d '{"fd": 2, "code": 4001, "reason": "bye from curl"}'
wait $holder || true
kill -TERM $proxy_pid
wait $proxy_pid || true
tail -n 1 "$tmp/app.log"
ls "$out" | wc -l
