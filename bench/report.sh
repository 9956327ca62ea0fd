#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark of `tandem report` (issue 6): a board pack of 200 metrics x 60
# monthly points (bench/gen_report.awk), HTML and Excel. Prints the best and
# median wall time of 5 runs and the sizes of both files; the goal is < 1 s.
# usage: bench/report.sh [TANDEM] [METRICS] [POINTS]
set -eu
cd "$(dirname "$0")/.."
tandem=${1:-build/cli/tandem}
metrics=${2:-200}
points=${3:-60}
out=bench/out/report
rm -rf "$out"
mkdir -p "$out"
LC_ALL=C awk -v metrics="$metrics" -v points="$points" -v dir="$out" -f bench/gen_report.awk
now() { date +%s%N; }
run() { # what args...: best and median of 5, in ms
    what=$1
    shift
    times=
    for i in 1 2 3 4 5; do
        t0=$(now)
        "$tandem" report -m "$out/metrics.csv" -i "$out/data.csv" "$@"
        t1=$(now)
        times="$times $(((t1 - t0) / 1000000))"
    done
    set -- $(printf '%s\n' $times | sort -n)
    echo "  $what: best $1 ms, median $3 ms (5 runs)"
}
echo "tandem report: $metrics metrics x $points points ($(($(wc -l <"$out/data.csv") - 1)) rows), $($tandem --version)"
run "HTML only      " -o "$out/pack.html"
run "HTML and Excel " -o "$out/pack.html" --xlsx "$out/pack.xlsx"
echo "  charts: $(grep -c "<svg class=\"spc\"" "$out/pack.html")"
echo "  sizes: HTML $(wc -c <"$out/pack.html") bytes ($(gzip -9c "$out/pack.html" | wc -c) gzipped), Excel $(wc -c <"$out/pack.xlsx") bytes"
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '  peak memory: %M KB (HTML and Excel)' \
        "$tandem" report -m "$out/metrics.csv" -i "$out/data.csv" -o "$out/pack.html" --xlsx "$out/pack.xlsx"
fi
