#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Golden CLI tests (zstd cli-tests model). Each case is a shell script run in
# a fresh temporary directory with `tandem` on PATH, $DATA pointing at
# tests/cli/data and $REF at tests/ref. Beside CASE.sh:
#   CASE.sh.stdout.exact | .stdout.glob   expected standard output
#   CASE.sh.stderr.exact | .stderr.glob   expected standard error
#   CASE.sh.exit                          expected exit code (default 0)
# Missing stdout/stderr files mean "not checked". In .glob files "..." in a
# line matches any text. Tests run under LC_ALL=C and, when installed, again
# under de_DE.UTF-8 (output must not depend on the locale).
# usage: run.sh [--update] [--exec-prefix CMD] TANDEM_DIR CASE.sh...
set -u
update=0
prefix=
while [ $# -gt 0 ]; do
    case $1 in
    --update) update=1; shift ;;
    --exec-prefix) prefix=$2; shift 2 ;;
    *) break ;;
    esac
done
bindir=$(cd "$1" && pwd)
shift
here=$(cd "$(dirname "$0")" && pwd)
fails=0
passes=0

glob_match() { # expected actual: same line count; "..." in a line matches any text
    awk -v want="$1" -v got="$2" '
    function matches(pat, str,    n, parts, i, pos, at) {
        n = split(pat, parts, /\.\.\./)
        if (n == 1) return pat == str
        if (substr(str, 1, length(parts[1])) != parts[1]) return 0
        pos = length(parts[1]) + 1
        for (i = 2; i < n; i++) {
            at = index(substr(str, pos), parts[i])
            if (at == 0) return 0
            pos += at - 1 + length(parts[i])
        }
        return length(str) - pos + 1 >= length(parts[n]) && substr(str, length(str) - length(parts[n]) + 1) == parts[n]
    }
    BEGIN {
        ne = 0; while ((getline l < want) > 0) e[++ne] = l
        na = 0; while ((getline l < got) > 0) a[++na] = l
        if (ne != na) { print "line count " na " != expected " ne; exit 1 }
        for (i = 1; i <= ne; i++)
            if (!matches(e[i], a[i])) { print "line " i ": got: " a[i]; print "expected: " e[i]; exit 1 }
    }'
}

check() { # case stream actual
    exact="$1.$2.exact"
    glob="$1.$2.glob"
    if [ $update -eq 1 ] && [ ! -f "$glob" ]; then
        # --update writes what the case printed (stderr only when non-empty).
        if [ -s "$3" ] || [ "$2" = stdout ] || [ -f "$exact" ]; then
            cp "$3" "$exact"
        fi
        return 0
    fi
    if [ -f "$exact" ]; then
        if ! cmp -s "$exact" "$3"; then
            echo "  $2 differs:"; diff "$exact" "$3" | head -20
            return 1
        fi
    elif [ -f "$glob" ]; then
        if ! out=$(glob_match "$glob" "$3"); then
            echo "  $2 does not match $glob: $out"
            return 1
        fi
    fi
    return 0
}

run_case() { # case locale
    t=$(mktemp -d)
    want=0
    [ -f "$1.exit" ] && want=$(cat "$1.exit")
    (cd "$t" && PATH="$bindir:$PATH" DATA="$here/data" REF="$here/../ref" \
        TANDEM_EXEC_PREFIX="$prefix" LC_ALL=$2 sh "$1" >"$t/.stdout" 2>"$t/.stderr")
    got=$?
    ok=1
    if [ "$got" != "$want" ]; then
        echo "  exit code $got, expected $want"; sed 's/^/  stderr: /' "$t/.stderr" | head -5
        ok=0
    fi
    check "$1" stdout "$t/.stdout" || ok=0
    check "$1" stderr "$t/.stderr" || ok=0
    rm -rf "$t"
    [ $ok -eq 1 ]
}

locales=C
if locale -a 2>/dev/null | grep -qi '^de_DE.utf-\?8$'; then
    locales="C de_DE.UTF-8"
fi
for c in "$@"; do
    c=$(cd "$(dirname "$c")" && pwd)/$(basename "$c")
    [ $update -eq 1 ] && locales=C
    for loc in $locales; do
        if run_case "$c" "$loc"; then
            passes=$((passes + 1))
        else
            echo "FAIL $c ($loc)"
            fails=$((fails + 1))
        fi
    done
done
echo "cli: $passes passed, $fails failed"
[ $fails -eq 0 ]
