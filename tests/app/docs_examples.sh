#!/usr/bin/env bash
# Runs the examples of docs/headless.md as written there, with one change: --port 0 instead
# of 9501 (parallel tests must never collide), the real port read from the startup line.
# Usage: docs_examples.sh /path/to/framescope
set -euo pipefail

bin=$1
work=$(mktemp -d)
pid=
client=
cleanup() {
    [[ -n $client ]] && kill "$client" 2>/dev/null || true
    [[ -n $pid ]] && kill "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    echo "--- stderr" >&2; cat "$work/stderr" >&2 || true
    echo "--- log" >&2; cat "$work/framescope.log" >&2 || true
    exit 1
}

# Polls (bounded: 10 s) until the command succeeds.
wait_for() {
    for _ in $(seq 1 100); do
        if "$@"; then return 0; fi
        sleep 0.1
    done
    return 1
}

# 1. Start headless.
"$bin" --no-gui --port 0 --log-file "$work/framescope.log" 2>"$work/stderr" &
pid=$!
wait_for grep -q 'listening on' "$work/stderr" || fail "no startup line"
port=$(sed -n 's|^framescope: listening on ws://127\.0\.0\.1:\([0-9]*\) (control API on http://127\.0\.0\.1:\1/)$|\1|p' "$work/stderr")
[[ -n $port ]] || fail "startup line not as documented: $(cat "$work/stderr")"

# 2. A client that prints what the server pushes to it.
/usr/bin/python3 -c '
import asyncio, sys, websockets
async def main():
    async with websockets.connect(sys.argv[1]) as ws:
        print(await ws.recv(), flush=True)
asyncio.run(main())' "ws://127.0.0.1:$port" >"$work/client.out" &
client=$!
wait_for grep -qx 'server: handshake success with fd1 (extensions permessage-deflate)' "$work/framescope.log" || fail "no handshake"

# 3. Push to it with curl.
reply=$(curl -s -X POST "http://127.0.0.1:$port/push" -d '{"fd": 1, "data": "hello from curl"}')
[[ $reply == '{"ok":true,"fd":1,"opcode":1,"length":15}' ]] || fail "push reply: $reply"
wait "$client" || fail "client exit status $?"
client=
[[ $(cat "$work/client.out") == 'hello from curl' ]] || fail "client got: $(cat "$work/client.out")"

# 4. The log.
wait_for grep -qx 'client 1 closed (1000)' "$work/framescope.log" || fail "no close line"
grep -qx 'push to 1:hello from curl,opcode:1,fin:1' "$work/framescope.log" || fail "no push line"
grep -qx 'http POST /push 200 from fd2' "$work/framescope.log" || fail "no http line"

# 5. Connections, then an error reply.
list=$(curl -s "http://127.0.0.1:$port/connections")
[[ $list == \[*\] ]] || fail "connections: $list"
status=$(curl -s -o "$work/err.json" -w '%{http_code}' -X POST "http://127.0.0.1:$port/push" -d '{"fd": 1, "data": "x"}')
[[ $status == 404 ]] || fail "push to a gone fd: HTTP $status"
grep -q '"error":"unknown_fd"' "$work/err.json" || fail "error body: $(cat "$work/err.json")"
# ... which is also an error event in the log.
wait_for grep -qx 'server: error: push of 1 bytes to fd 1 refused: no connection with this fd' "$work/framescope.log" \
    || fail "no error line for the refused push"

# 5b. A field the route does not take (HTTP control API section).
reply=$(curl -s -X POST "http://127.0.0.1:$port/push" -d '{"fd": 1, "data": "x", "fn": false}')
[[ $reply == '{"error":"unknown_field","message":"unknown field '"'fn'"' in the body of POST /push; it takes fd, data, data_base64, opcode, fin, compress","field":"fn"}' ]] \
    || fail "unknown field reply: $reply"

# 5c. Inconsistent limits warn after the startup line (Command line section).
"$bin" --no-gui --port 0 --buffer-output-size 2097152 --log-format none 2>"$work/stderr2" &
pid2=$!
wait_for grep -q '^framescope: warning' "$work/stderr2" || { kill "$pid2"; fail "no warning: $(cat "$work/stderr2")"; }
kill "$pid2"; wait "$pid2" || true
grep -qx 'framescope: warning: websocket_max_message_size (16777216) is larger than buffer_output_size (2097152): a message of more than 2097152 bytes is accepted, but pushing it back fails' "$work/stderr2" \
    || fail "warning not as documented: $(cat "$work/stderr2")"

# 5d. wss:// for a browser app (TLS section): the generated certificate, its hashes, the
# written file trusted by curl and python, plain ws:// on the same port.
"$bin" --no-gui --port 0 --tls-self-signed --tls-write-cert "$work/framescope.pem" \
    --log-file "$work/tls.log" 2>"$work/stderr3" &
pid3=$!
wait_for grep -q 'listening on' "$work/stderr3" || { kill "$pid3"; fail "no TLS startup line: $(cat "$work/stderr3")"; }
tport=$(sed -n 's|^framescope: listening on wss://127\.0\.0\.1:\([0-9]*\) (control API on https://127\.0\.0\.1:\1/; plain ws:// too)$|\1|p' "$work/stderr3")
[[ -n $tport ]] || { kill "$pid3"; fail "TLS startup line not as documented: $(cat "$work/stderr3")"; }
grep -qx 'framescope: TLS: generated a self-signed certificate for localhost, 127.0.0.1, ::1 (valid 30 days)' "$work/stderr3" \
    || { kill "$pid3"; fail "no generated-certificate line"; }
grep -Eqx 'framescope: TLS: Chromium without trusting it: --ignore-certificate-errors-spki-list=[A-Za-z0-9+/]{43}=' "$work/stderr3" \
    || { kill "$pid3"; fail "no SPKI line"; }
list=$(curl -s --cacert "$work/framescope.pem" "https://localhost:$tport/connections" --resolve "localhost:$tport:127.0.0.1")
[[ $list == *'"tls":{"version":"TLSv1.3"'* ]] || { kill "$pid3"; fail "https connections: $list"; }
/usr/bin/python3 -c '
import asyncio, ssl, sys, websockets
async def main():
    ctx = ssl.create_default_context(cafile=sys.argv[2])
    for url, kw in ((sys.argv[1], {"ssl": ctx, "server_hostname": "localhost"}), (sys.argv[3], {})):
        async with websockets.connect(url, **kw) as ws:
            await ws.send("hi")
            assert await ws.recv() == "hi"
asyncio.run(main())' "wss://127.0.0.1:$tport/" "$work/framescope.pem" "ws://127.0.0.1:$tport/" \
    || { kill "$pid3"; fail "wss:// or ws:// echo on the TLS port"; }
wait_for grep -q '^server: handshake success with fd[0-9]* (extensions permessage-deflate, TLSv1.3 TLS_[A-Z0-9_]*, SNI localhost)$' "$work/tls.log" \
    || { kill "$pid3"; fail "no TLS open line: $(cat "$work/tls.log")"; }
kill "$pid3"; wait "$pid3" || true

# 6. Stop with SIGTERM: exit status 0, and the log ends with the stop line.
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
[[ $status == 0 ]] || fail "exit status $status after SIGTERM"
[[ $(tail -n 1 "$work/framescope.log") == 'server: stopped' ]] || fail "log does not end with the stop line"
echo "docs examples: OK (port $port)"
