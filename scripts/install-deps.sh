#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install the Debian packages tandem needs, only those missing.
#   install-deps.sh build   what `make demo` needs (compiler, Meson, libraries)
#   install-deps.sh test    plus the test tools (Criterion, clang for fuzzing, a German locale)
set -eu
what=${1:-build}
pkgs="meson ninja-build pkg-config gcc g++ r-mathlib libfmt-dev libxlsxwriter-dev"
pkgs="$pkgs liblemon-dev" # issue 5: min-cost-flow pairing (LEMON network simplex)
if [ "$what" = test ]; then
    pkgs="$pkgs libcriterion-dev clang libclang-rt-14-dev llvm locales clang-format clang-tidy"
    # chromium: the browser test of the HTML board pack (tests/browser/report_chromium.sh)
    pkgs="$pkgs chromium"
    pkgs="$pkgs libglpk-dev" # issue 5: bench/bench_flow compares LEMON with GLPK
fi
missing=
for p in $pkgs; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
if [ -n "$missing" ]; then
    echo "tandem: installing Debian packages:$missing"
    sudo=
    if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=sudo
        else
            echo "tandem: please install as root: apt-get install$missing" >&2
            exit 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    # shellcheck disable=SC2086 # word splitting of the package list is wanted
    $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if [ "$what" = test ] && ! locale -a 2>/dev/null | grep -qi '^de_DE.utf-\?8$'; then
    # A locale with a decimal comma: output must not change under it.
    if [ "$(id -u)" = 0 ]; then
        localedef -i de_DE -f UTF-8 de_DE.UTF-8 2>/dev/null || true
    elif command -v sudo >/dev/null 2>&1; then
        sudo localedef -i de_DE -f UTF-8 de_DE.UTF-8 2>/dev/null || true
    fi
fi
