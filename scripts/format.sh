#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# clang-format every tracked C/C++ file; --check fails on any difference.
set -eu
cd "$(dirname "$0")/.."
files=$(git ls-files '*.c' '*.h' '*.cc')
if [ "${1:-}" = --check ]; then
    # shellcheck disable=SC2086
    clang-format --dry-run --Werror $files
    echo "format: ok"
else
    # shellcheck disable=SC2086
    clang-format -i $files
fi
