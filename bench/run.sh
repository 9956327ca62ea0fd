#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmarks of tandem (make bench). Builds a release binary in build-bench,
# generates inputs in bench/out (deterministic, seed 42), runs each case
# RUNS times (default 5) and prints the median wall and CPU seconds and the
# largest peak memory, as measured by /usr/bin/time. Figures and the machine
# they were taken on are recorded in bench/README.md.
#   bench/run.sh [--quick]      --quick skips the 1,000,000-series case
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
quick=${1:-}
[ -f build-bench/build.ninja ] || meson setup build-bench --buildtype=release -Dtests=false >/dev/null
ninja -C build-bench >/dev/null
T=build-bench/cli/tandem
G=build-bench/bench/gen_series
mkdir -p bench/out
gen() { # file args...
    f=bench/out/$1
    shift
    [ -s "$f" ] || "$G" "$@" >"$f"
}
gen s10k.csv 10000 60
gen s10k_shuffled.csv 10000 60 --shuffle
gen s100k_shuffled.csv 100000 60 --shuffle
[ "$quick" = --quick ] || gen s1m.csv 1000000 60

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
            asort_cpu = cpu[m]
            printf "%-58s %8.3f s wall %8.3f s cpu %8.1f MB\n", label, wall[m], asort_cpu, mem / 1024
        }'
    rm -f /tmp/tandem-bench.$$
}

SPC="spc --by series_id --date period --value value"
echo "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo | sed 's/^ *//')"
measure "spc 10,000 x 60, series summary" $T $SPC -i bench/out/s10k.csv --summary series -o bench/out/r1.csv
measure "spc 10,000 x 60, every point" $T $SPC -i bench/out/s10k.csv -o bench/out/r2.csv
measure "spc 10,000 x 60, every point, JSON" $T $SPC -i bench/out/s10k.csv -f json -o bench/out/r3.json
measure "spc 10,000 x 60 interleaved (held), series summary" $T $SPC -i bench/out/s10k_shuffled.csv --summary series -o bench/out/r4.csv
measure "spc 100,000 x 60 interleaved (held), series summary" $T $SPC -i bench/out/s100k_shuffled.csv --summary series -o bench/out/r5.csv
if [ "$quick" != --quick ]; then
    RUNS=3 measure "spc 1,000,000 x 60, series summary" $T $SPC -i bench/out/s1m.csv --summary series -o bench/out/r6.csv
fi
