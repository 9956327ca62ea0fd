#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmarks of tandem ci and tandem funnel (issue 4): 35,000 small areas x 100
# indicators (3.5 million rows) for Wilson, Byar and funnel significance;
# directly standardised rates over 19 age bands for 35,000 x 25 (the size of
# the reference R run: PHEindicatormethods took 347 s) and 35,000 x 100
# (66.5 million rows). Builds a release binary in build-bench, generates the
# inputs in bench/out (deterministic, seed 42) and prints for each case the
# median wall and CPU seconds and the largest peak memory over RUNS runs
# (default 3), as measured by /usr/bin/time. Figures: bench/README.md.
#   bench/indicators.sh [--quick]   --quick skips the 35,000 x 100 DSR case
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
quick=${1:-}
[ -f build-bench/build.ninja ] || meson setup build-bench --buildtype=release -Dtests=false >/dev/null
ninja -C build-bench >/dev/null
T=build-bench/cli/tandem
G=build-bench/bench/gen_indicators
mkdir -p bench/out
gen() { # file args...
    f=bench/out/$1
    shift
    [ -s "$f" ] || "$G" "$@" >"$f"
}
gen ind_props.csv props 35000 100
gen ind_dsr25.csv dsr 35000 25
[ "$quick" = --quick ] || gen ind_dsr100.csv dsr 35000 100

measure() { # label command...
    label=$1
    shift
    i=0
    : >/tmp/tandem-bench.$$
    while [ $i -lt "$RUNS" ]; do
        /usr/bin/time -f '%e %U %S %M' -a -o /tmp/tandem-bench.$$ "$@" >/dev/null
        i=$((i + 1))
    done
    sort -n /tmp/tandem-bench.$$ | awk -v label="$label" -v n="$RUNS" '
        { wall[NR] = $1; cpu[NR] = $2 + $3; if ($4 > mem) mem = $4 }
        END {
            m = int((n + 1) / 2)
            printf "%-52s %7.2f s wall %7.2f s cpu %8.1f MB\n", label, wall[m], cpu[m], mem / 1024
        }'
    rm -f /tmp/tandem-bench.$$
}

P="--numerator numerator --denominator denominator"
DSR="-m dsr --by indicator,area --ageband ageband $P"
echo "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo | sed 's/^ *//')"
measure "Wilson 35,000 x 100 (3.5 M rows)" $T ci -m proportion -i bench/out/ind_props.csv $P -o bench/out/q1.csv
measure "Byar 35,000 x 100 (3.5 M rows)" $T ci -m byar -i bench/out/ind_props.csv $P -o bench/out/q2.csv
measure "rate (exact < 10, Byar) 35,000 x 100" $T ci -m rate -i bench/out/ind_props.csv $P -o bench/out/q3.csv
measure "funnel significance 100 funnels x 35,000" $T funnel -s proportion -i bench/out/ind_props.csv --by indicator --id area $P -o bench/out/q4.csv
measure "funnel + limits + tau2, 100 x 35,000" $T funnel -s proportion -i bench/out/ind_props.csv --by indicator --id area $P --overdispersion tau2 --limits bench/out/q5l.csv -o bench/out/q5.csv
measure "DSR 35,000 x 25 x 19 bands (16.6 M rows)" $T ci $DSR -i bench/out/ind_dsr25.csv -o bench/out/q6.csv
measure "DSR 35,000 x 25, --threads 1" $T ci $DSR -i bench/out/ind_dsr25.csv -o bench/out/q6.csv --threads 1
if [ "$quick" != --quick ]; then
    RUNS=1 measure "DSR 35,000 x 100 x 19 bands (66.5 M rows)" $T ci $DSR -i bench/out/ind_dsr100.csv -o bench/out/q7.csv
fi
