#!/usr/bin/env bash
# docs/screenshot.png, docs/screenshot-de.png, docs/screenshot-zh_CN.png: the real window
# under Xvfb at 1600x1000, the same traffic (tests/ui/tools/traffic.py; zh_CN adds
# traffic_zh.py's Chinese rows) and the same clicks and typing for each language (xdotool):
# select the chat connection (fd 1) and its frame "id": 3, move the splitter so the whole
# send panel shows, send a notice (it goes into the history), ping the client (its RTT
# column fills in), type the next message.
#
# Usage: scripts/screenshots.sh [BUILD_DIR] [LANGUAGE...]   (default: build/debug en de zh_CN)
# Needs xvfb, xdotool, imagemagick and /usr/bin/python3 with websockets (install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/debug}
shift || true
languages=("$@")
[[ ${#languages[@]} -eq 0 ]] && languages=(en de zh_CN)
binary="$build/app/framescope"
[[ -x "$binary" ]] || { echo "screenshots: no $binary (build it first)" >&2; exit 1; }

n=0
for lang in "${languages[@]}"; do
    n=$((n + 1))
    display=":$((150 + n))"
    port=$((19550 + n))
    out=docs/screenshot.png
    [[ "$lang" != en ]] && out="docs/screenshot-$lang.png"
    home=$(mktemp -d) # fresh settings: a first start
    pids=()
    cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
    trap cleanup EXIT
    Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
    pids+=($!)
    sleep 1
    export DISPLAY="$display"
    HOME="$home" XDG_CONFIG_HOME="$home/.config" LANG=en_US.UTF-8 \
        "$binary" --lang "$lang" --port "$port" -geometry 1600x1000+0+0 >/dev/null 2>&1 &
    pids=($! "${pids[@]}")
    sleep 3
    /usr/bin/python3 tests/ui/tools/traffic.py "$port" 120 >/dev/null 2>&1 &
    pids=($! "${pids[@]}")
    if [[ "$lang" == zh_CN ]]; then
        sleep 2.5
        /usr/bin/python3 tests/ui/tools/traffic_zh.py "$port" 120 >/dev/null 2>&1 &
        pids=($! "${pids[@]}")
    fi
    sleep 5
    xdotool mousemove 115 119 click 1               # the chat connection, fd 1
    sleep 0.3
    xdotool key ctrl+f                              # search, pick its frame "id": 3
    xdotool type --delay 30 '"id": 3'
    sleep 1
    xdotool mousemove 400 361 click 1
    sleep 0.3
    xdotool mousemove 640 320 click 1 key ctrl+a BackSpace # clear the search
    sleep 0.8
    # The splitter above the send panel (its grip at 1366,720) up to 560.
    xdotool mousemove 1366 720
    sleep 0.2
    xdotool mousedown 1
    for y in 715 700 680 650 620 590 570 560; do
        xdotool mousemove 1366 "$y"
        sleep 0.05
    done
    xdotool mouseup 1
    sleep 0.5
    xdotool mousemove 1330 700 click 1              # the send panel's editor
    xdotool type --delay 10 '{"type": "notice", "text": "maintenance at 18:00"}'
    xdotool key ctrl+Return                         # sent: now in the history
    sleep 0.5
    xdotool mousemove 1526 823 click 1              # Ping: fd 1's RTT column fills in
    sleep 0.8
    xdotool mousemove 1330 700 click 1 key ctrl+a
    xdotool type --delay 10 '{"type": "welcome", "room": "lobby"}'
    sleep 1
    import -window root "$out"
    echo "screenshots: $out"
    cleanup
    pids=()
    rm -rf "$home"
    sleep 1
done
