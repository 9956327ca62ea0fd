#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Enforce the layering rules of the conventions (section 1 and 4.5):
#  - cli/ and server/ include only include/tandem.h and app-layer headers, never src/;
#  - report/ (the app layer) includes only include/tandem.h and its own headers;
#  - src/core/ depends on nothing else in src/;
#  - no malloc/calloc/realloc/free in src/ outside src/core/alloc.c;
#  - libtandem does no I/O on stdout/stderr.
set -u
cd "$(dirname "$0")/.."
bad=0
fail() { echo "check-layers: $*"; bad=1; }
for f in $(git ls-files 'cli/*.c' 'cli/*.h' 'server/*.c' 'server/*.h' 2>/dev/null); do
    if grep -nE '^#include +"(\.\./)*src/' "$f"; then fail "$f includes a src/ header"; fi
done
for f in $(git ls-files 'report/*.c' 'report/*.h' 2>/dev/null); do
    if grep -nE '^#include +"(\.\./)*(src|cli|server)/' "$f"; then fail "$f (report) includes src/, cli/ or server/"; fi
    if grep -nE '^#include +"' "$f" | grep -vE '"(tandem|report|rpt_internal|report_assets)\.h"'; then
        fail "$f (report) includes a header other than tandem.h and report/'s own"
    fi
done
for f in $(git ls-files 'src/core/*.c' 'src/core/*.h' 'src/core/*.cc'); do
    if grep -nE '^#include +"\.\./' "$f"; then fail "$f (core) includes another src/ folder"; fi
done
for f in $(git ls-files 'src/*.c' 'src/*.cc' | grep -v '^src/core/alloc.c$'); do
    if grep -nE '(^|[^_a-z])(malloc|calloc|realloc|free) *\(' "$f" | grep -v 'tdm__'; then
        fail "$f allocates without tdm__malloc/tdm__free"
    fi
    if grep -nE '(printf|puts|fputs|fprintf) *\((stdout|stderr)|[^sn]printf *\(|(^|[^f])puts *\(' "$f"; then
        fail "$f writes to stdout/stderr"
    fi
done
[ $bad -eq 0 ] && echo "check-layers: ok"
exit $bad
