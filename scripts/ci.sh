#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The full check, as CI runs it (`make check`): install test dependencies,
# check layering and formatting, build twice (release with -Werror, and
# AddressSanitizer + UndefinedBehaviorSanitizer), run every test suite in
# both, replay the fuzz corpora, smoke-fuzz with libFuzzer when clang is
# there, and end with the line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
step() { # name command...: a check that counts as one test
    name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        echo "ci: FAILED: $name"
        failed=$((failed + 1))
    fi
}
suite() { # builddir: add meson's counts (or one failure if it did not run)
    log=$1/meson-logs/testlog.txt
    if [ -f "$log" ]; then
        ok=$(awk '/^Ok:/ {print $2}' "$log" | tail -n 1)
        bad=$(awk '/^(Fail|Timeout|Unexpected Pass):/ {s += $2} END {print s + 0}' "$log")
        passed=$((passed + ${ok:-0}))
        failed=$((failed + bad))
    fi
}
build_and_test() { # dir meson-args...
    dir=$1
    shift
    rm -rf "$dir"
    if meson setup "$dir" "$@" >"$dir.setup.log" 2>&1 && ninja -C "$dir" >"$dir.build.log" 2>&1; then
        meson test -C "$dir" --print-errorlogs --num-processes 2 >"$dir.test.log" 2>&1
        rc=$?
        tail -n 12 "$dir.test.log"
        [ $rc -eq 0 ] || grep -E '(FAIL|TIMEOUT)' "$dir.test.log" | head -40
        suite "$dir"
        [ -f "$dir/meson-logs/testlog.txt" ] || failed=$((failed + 1))
    else
        echo "ci: build in $dir failed"
        tail -n 40 "$dir.setup.log" "$dir.build.log" 2>/dev/null
        failed=$((failed + 1))
    fi
}

if ! scripts/install-deps.sh test; then
    echo "0 passed, 1 failed"
    exit 1
fi
step layers scripts/check-layers.sh
step format scripts/format.sh --check

echo "ci: release build (-Werror)"
build_and_test build-rel --buildtype=release -Dwerror=true
step tidy scripts/tidy.sh build-rel
echo "ci: sanitizer build (address, undefined)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
build_and_test build-asan -Db_sanitize=address,undefined -Db_lundef=false

if command -v clang >/dev/null 2>&1 && [ -x scripts/fuzz-smoke.sh ]; then
    echo "ci: libFuzzer smoke run"
    export FUZZ_SECONDS=60 # conventions 8.4: each target for a minute
    step fuzz-smoke scripts/fuzz-smoke.sh
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
