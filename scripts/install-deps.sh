#!/usr/bin/env bash
# Installs the Debian 12 packages Framescope needs to build, run and test, if missing.
# Used by `make run` and `make test`; safe to run again (it only installs what is absent).
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools qt6-translations-l10n qt6-qpa-plugins libgl-dev zlib1g-dev libdeflate-dev
    libssl-dev fonts-dejavu-core fonts-wqy-microhei
    # interop peers and tools used by the tests
    python3 python3-websockets nodejs node-ws chromium curl
    xvfb xauth imagemagick x11-utils
    # scripts/screenshots.sh drives the window like a user
    xdotool
    # bench/ peer echo servers (Boost.Beast is header-only in libboost-dev)
    libboost-dev libwebsockets-dev
    # fuzzing (make fuzz): clang with libFuzzer and the sanitizer runtimes
    clang libclang-rt-14-dev llvm
    # the Windows sources syntax-checked on Linux (tests/portability)
    g++-mingw-w64-x86-64-posix
    # packaging
    dpkg-dev file
)

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
