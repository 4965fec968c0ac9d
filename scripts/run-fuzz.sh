#!/usr/bin/env bash
# Runs every libFuzzer target of the `fuzz` preset for FUZZ_SECONDS (default 60) each, on
# the committed seed corpus (tests/fuzz/corpus/<target>) plus what earlier runs found
# (build/fuzz/corpus/<target>). Fails on the first crash, leak, timeout or broken check;
# the input that did it is in build/fuzz/artifacts/. Used by `make fuzz` (and .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
build=build/fuzz
targets=(${FUZZ_TARGETS:-fuzz_codec fuzz_server})

mkdir -p "$build/artifacts"
for t in "${targets[@]}"; do
    exe="$build/tests/fuzz/$t"
    [[ -x "$exe" ]] || { echo "run-fuzz: $exe is missing (cmake --build --preset fuzz)" >&2; exit 1; }
    seeds="tests/fuzz/corpus/${t#fuzz_}"
    work="$build/corpus/${t#fuzz_}"
    mkdir -p "$work" "$seeds"
    echo "run-fuzz: $t for ${seconds} s (seeds: $seeds, $(ls "$seeds" | wc -l) files)"
    # -timeout: one input taking 10 s is a hang; -rss_limit_mb: unbounded memory is a bug.
    # LeakSanitizer is on (libFuzzer's default): a leak is a finding like a crash.
    "$exe" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2560 \
        -artifact_prefix="$build/artifacts/$t-" "$work" "$seeds"
done
echo "run-fuzz: every target ran ${seconds} s without a finding"
