#!/usr/bin/env bash
# The provoke scenarios end to end as docs/scenarios.md runs them: the headless binary,
# scripts/run-scenarios.py with a python3-websockets echo client (pass) and one that does
# not echo (fail, exit 1), the control API routes and the JSON Lines events.
# Usage: scenarios_headless.sh /path/to/framescope /path/to/source
set -euo pipefail

bin=$1
src=$2
py=/usr/bin/python3
work=$(mktemp -d)
pid=
cleanup() {
    [[ -n $pid ]] && kill "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    echo "--- stderr" >&2; cat "$work/stderr" >&2 || true
    echo "--- log" >&2; cat "$work/log.jsonl" >&2 || true
    exit 1
}

wait_for() {
    for _ in $(seq 1 100); do
        if "$@"; then return 0; fi
        sleep 0.1
    done
    return 1
}

"$bin" --no-gui --port 0 --log-format jsonl --log-file "$work/log.jsonl" 2>"$work/stderr" &
pid=$!
wait_for grep -q 'listening on' "$work/stderr" || fail "no startup line"
port=$(sed -n 's|^framescope: listening on ws://127\.0\.0\.1:\([0-9]*\) .*|\1|p' "$work/stderr")
[[ -n $port ]] || fail "no port in: $(cat "$work/stderr")"
api=http://127.0.0.1:$port

# The list.
curl -sf "$api/scenarios" >"$work/list.json" || fail "GET /scenarios"
grep -q '"name":"fragmented-with-pings"' "$work/list.json" || fail "list: $(cat "$work/list.json")"
grep -q '"rfc":"RFC 6455 §5.5"' "$work/list.json" || fail "list has no RFC sections"

# A correct client: every verdict passes, exit 0, a JUnit report without failures.
only=fragmented-with-pings,ping-126,invalid-utf8-split,close-normal,data-after-close,drip-frame,handshake-wrong-accept
"$py" "$src/scripts/run-scenarios.py" --server "127.0.0.1:$port" --agent good --only "$only" \
    --junit "$work/good.xml" -- "$py" "$src/scripts/scenario-echo-client.py" '{url}' \
    >"$work/good.out" || fail "good client: exit $?: $(cat "$work/good.out")"
[[ $(grep -c '^PASS ' "$work/good.out") == 7 ]] || fail "good client: $(cat "$work/good.out")"
grep -q 'tests="7" failures="0"' "$work/good.xml" || fail "junit: $(cat "$work/good.xml")"

# A client that never echoes: a failed verdict and exit 1.
cat >"$work/noecho.py" <<'PY'
import asyncio, sys, websockets
async def main():
    async with websockets.connect(sys.argv[1]) as ws:
        async for _ in ws:
            pass
asyncio.run(main())
PY
set +e
"$py" "$src/scripts/run-scenarios.py" --server "127.0.0.1:$port" --agent bad \
    --only fragmented-text -- "$py" "$work/noecho.py" '{url}' >"$work/bad.out"
rc=$?
set -e
[[ $rc == 1 ]] || fail "non-echo client: exit $rc: $(cat "$work/bad.out")"
grep -q "^FAIL .*fragmented-text.*expected: echoes a text message of 13 bytes; client did: nothing" \
    "$work/bad.out" || fail "bad verdict: $(cat "$work/bad.out")"

# The report as JSON and as JUnit (Accept header).
curl -sf "$api/report?agent=bad" | grep -q '"failed":1' || fail "report json"
curl -sf -H 'Accept: application/xml' "$api/report?agent=bad" >"$work/bad.xml"
grep -q '<failure message="expected: echoes a text message' "$work/bad.xml" || fail "junit: $(cat "$work/bad.xml")"
code=$(curl -s -o "$work/e.json" -w '%{http_code}' "$api/report?format=yaml")
[[ $code == 400 ]] && grep -q "format 'yaml'" "$work/e.json" || fail "bad format: $code $(cat "$work/e.json")"

# POST /scenario refusals name the bad value.
code=$(curl -s -o "$work/e.json" -w '%{http_code}' -X POST "$api/scenario" -d '{"fd": 1, "name": "nope"}')
[[ $code == 400 ]] && grep -q '"error":"unknown_scenario"' "$work/e.json" && grep -q "'nope'" "$work/e.json" \
    || fail "unknown name: $code $(cat "$work/e.json")"
code=$(curl -s -o "$work/e.json" -w '%{http_code}' -X POST "$api/scenario" -d '{"fd": 99999, "name": "close-normal"}')
[[ $code == 404 ]] && grep -q '99999' "$work/e.json" || fail "unknown fd: $code $(cat "$work/e.json")"
code=$(curl -s -o "$work/e.json" -w '%{http_code}' -X POST "$api/scenario" -d '{"fd": 1, "nam": "x"}')
[[ $code == 400 ]] && grep -q '"field":"nam"' "$work/e.json" || fail "unknown field: $code $(cat "$work/e.json")"

# An unknown name in the URL: close 1008 naming it, a failed verdict.
"$py" - "ws://127.0.0.1:$port/scenario/no-such?agent=typo" >"$work/typo.out" <<'PY'
import asyncio, sys, websockets
async def main():
    async with websockets.connect(sys.argv[1]) as ws:
        try:
            await ws.recv()
        except websockets.exceptions.ConnectionClosed as c:
            print(c.rcvd.code, c.rcvd.reason)
asyncio.run(main())
PY
grep -q "1008 unknown scenario 'no-such'" "$work/typo.out" || fail "typo: $(cat "$work/typo.out")"
wait_for bash -c "curl -sf '$api/report?agent=typo' | grep -q '\"verdict\":\"fail\"'" || fail "typo verdict"

# Every run is in the JSON Lines log: start and verdict with what the client did.
wait_for grep -q '"event":"scenario_verdict".*"name":"fragmented-text","agent":"bad","verdict":"fail"' \
    "$work/log.jsonl" || fail "no fail verdict event"
grep -q '"event":"scenario_start".*"name":"ping-126","agent":"good"' "$work/log.jsonl" || fail "no start event"
grep -q '"event":"scenario_verdict".*"name":"ping-126","agent":"good","verdict":"pass".*"observed":"close 1002"' \
    "$work/log.jsonl" || fail "no pass verdict event"
echo "PASS: scenarios end to end"
