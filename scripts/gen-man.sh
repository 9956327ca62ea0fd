#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerate docs/man/tandem-<cmd>.1.md and .1 from the option tables.
# usage: gen-man.sh TANDEM [--check]   (--check: fail if any page is out of date)
set -eu
# Resolve the binary before changing directory (meson passes a relative path).
tandem=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
check=${2:-}
cd "$(dirname "$0")/.."
bad=0
cmds=$("$tandem" help | awk '/^Commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} /^$/ {on = 0}')
if [ -z "$cmds" ]; then
    echo "gen-man: no commands from $tandem help"
    exit 1
fi
for cmd in $cmds; do
    [ "$cmd" = help ] && continue
    # tandem(1) is written by hand: it must at least name every command.
    for f in docs/man/tandem.1.md docs/man/tandem.1; do
        if ! grep -qw "$cmd" "$f"; then
            echo "gen-man: $f does not mention the command $cmd"
            bad=1
        fi
    done
    for kind in md roff; do
        if [ $kind = md ]; then f=docs/man/tandem-$cmd.1.md; flag=--help-man; else f=docs/man/tandem-$cmd.1; flag=--help-roff; fi
        if [ "$check" = --check ]; then
            if ! "$tandem" "$cmd" $flag | cmp -s - "$f"; then
                echo "gen-man: $f is out of date with cli/cmd_$cmd.c (run make man)"
                bad=1
            fi
        else
            "$tandem" "$cmd" $flag > "$f"
        fi
    done
done
exit $bad
