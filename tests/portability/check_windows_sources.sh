#!/usr/bin/env bash
# The Windows side of the I/O seam, checked on Linux: every source of the server (core/server)
# and the app's stop signal that a Windows build compiles is run through MinGW-w64's g++
# with -fsyntax-only against the same Qt headers (_WIN32 set, so Q_OS_WIN code is what is
# compiled: socketio_win.cpp, the portable poller, no epoll). Left out: tls.cpp (OpenSSL
# headers are not installed for MinGW here), the POSIX-only fuzzing seam (inlineserver.cpp)
# and core/protocol (the codec: no system calls, `grep -l sys/ core/protocol` is empty). A syntax check, not a build:
# it proves that nothing POSIX-only leaks into the Windows sources, not that they link or run.
#
#   check_windows_sources.sh CXX SOURCE_DIR QT_INCLUDE_DIR...
set -uo pipefail
cxx=$1 src=$2
shift 2
includes=()
for dir in "$@"; do includes+=(-I "$dir"); done

sources=(
    "$src"/core/server/io/socketio_win.cpp
    "$src"/core/server/io/poller.cpp
    "$src"/core/server/io/portablepoller.cpp
    "$src"/app/stopsignal.cpp
)
for f in "$src"/core/server/*.cpp; do
    case $(basename "$f") in
    tls.cpp | deflate.cpp | inlineserver.cpp) ;;
    *) sources+=("$f") ;;
    esac
done

# One compiler per CPU: each file is a few seconds of Qt headers.
check() {
    local f=$1
    if out=$("$cxx" -std=c++20 -fsyntax-only -DQT_CORE_LIB -DQT_NETWORK_LIB "${includes[@]}" \
        -I "$src/core" -I "$src/app" "$f" 2>&1); then
        echo "PASS ${f#"$src"/}"
    else
        echo "FAIL ${f#"$src"/}"
        echo "$out" | grep -E "error" | head -5
        return 1
    fi
}
export -f check
export cxx src
includes_text=$(printf '%q ' "${includes[@]}")
export includes_text
failed=0
printf '%s\0' "${sources[@]}" |
    xargs -0 -P "$(nproc)" -I{} bash -c 'eval "includes=($includes_text)"; check "$1"' _ {} || failed=1
exit $failed
