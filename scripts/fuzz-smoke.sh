#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# libFuzzer smoke run (conventions 8.4): build every fuzz target with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer in build-fuzz/, then run
# each for FUZZ_SECONDS (default 30) seconds on one core, starting from its
# committed corpus. Exits non-zero if any target finds a crash, leak or
# failed check; the input that triggered it is left in build-fuzz/crashers/
# (commit it to tests/fuzz/corpus/<target>/ once fixed).
#   scripts/fuzz-smoke.sh [TARGET...]      targets: csv numparse spc series
set -u
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-30}
dir=build-fuzz
targets=${*:-csv numparse spc series}

if ! command -v clang >/dev/null 2>&1 || ! command -v clang++ >/dev/null 2>&1; then
    echo "fuzz-smoke: clang is not installed" >&2
    exit 1
fi
if [ ! -f "$dir/build.ninja" ]; then
    setup_log=$(mktemp)
    CC=clang CXX=clang++ meson setup "$dir" -Dfuzz=true -Db_sanitize=address,undefined \
        -Db_lundef=false >"$setup_log" 2>&1 || {
        tail -n 30 "$setup_log"
        rm -f "$setup_log"
        exit 1
    }
    rm -f "$setup_log"
fi
ninja -C "$dir" -j2 >"$dir/fuzz-build.log" 2>&1 || {
    tail -n 30 "$dir/fuzz-build.log"
    exit 1
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
mkdir -p "$dir/crashers"
failed=0
for t in $targets; do
    exe=$dir/tests/fuzz_$t
    seeds=tests/fuzz/corpus/$t
    work=$dir/corpus/$t # new inputs go here, never into the source tree
    if [ ! -x "$exe" ]; then
        echo "fuzz-smoke: $exe was not built" >&2
        failed=1
        continue
    fi
    mkdir -p "$work"
    log=$dir/fuzz_$t.log
    if "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -max_len=4096 \
        -print_final_stats=1 -artifact_prefix="$dir/crashers/$t-" "$work" "$seeds" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "fuzz-smoke: $t: ok, ${runs:-?} runs in ${seconds}s"
    else
        echo "fuzz-smoke: $t: FAILED (log: $log)"
        grep -E 'ERROR|check failed|SUMMARY|Test unit written' "$log" | head -n 10
        failed=1
    fi
done
exit $failed
