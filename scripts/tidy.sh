#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# clang-tidy (config .clang-tidy, warnings are errors) over every C file of the
# library, the app layer and the CLI, using BUILD/compile_commands.json.
#   scripts/tidy.sh [BUILD]     (default build-rel)
set -u
cd "$(dirname "$0")/.."
build=${1:-build-rel}
if ! command -v run-clang-tidy-14 >/dev/null 2>&1; then
    echo "tidy: run-clang-tidy-14 not found (apt-get install clang-tidy)"
    exit 1
fi
out=$(run-clang-tidy-14 -p "$build" -quiet 'src/|cli/|report/|server/' 2>/dev/null |
    sed -e 's/\x1b\[[0-9;]*m//g' | grep -E '(warning|error): ' | grep -v '^error: \(unable\|no \)' | sort -u)
if [ -n "$out" ]; then
    echo "$out"
    echo "tidy: $(echo "$out" | wc -l) findings"
    exit 1
fi
echo "tidy: ok"
