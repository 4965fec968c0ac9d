#!/usr/bin/env bash
# The Windows side of the I/O seam, checked on Linux: every source of the server library
# and the app's stop signal that a Windows build compiles is run through MinGW-w64's g++
# with -fsyntax-only against the same Qt headers (_WIN32 set, so Q_OS_WIN code is what is
# compiled: socketio_win.cpp, the portable poller, no epoll). Sources that need third-party
# headers not installed for MinGW here (OpenSSL: tls.cpp, libdeflate/zlib: deflate.cpp) and
# the POSIX-only fuzzing seam (inlineserver.cpp) are left out. A syntax check, not a build:
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
for f in "$src"/core/server/*.cpp "$src"/core/protocol/*.cpp; do
    case $(basename "$f") in
    tls.cpp | deflate.cpp | inlineserver.cpp) ;;
    *) sources+=("$f") ;;
    esac
done

failed=0
for f in "${sources[@]}"; do
    if out=$("$cxx" -std=c++20 -fsyntax-only -DQT_CORE_LIB -DQT_NETWORK_LIB "${includes[@]}" \
        -I "$src/core" -I "$src/app" "$f" 2>&1); then
        echo "PASS ${f#"$src"/}"
    else
        echo "FAIL ${f#"$src"/}"
        echo "$out" | grep -E "error" | head -5
        failed=1
    fi
done
# The POSIX and Linux sources must not be what a Windows build picks: poller.cpp offers
# only the portable backend there.
exit $failed
