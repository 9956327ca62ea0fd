#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark `tandem qic`: run, I, P and U charts over 1,000 and 100,000
# series x 60 monthly points (bench/gen_qic.c, fixed seed), every point
# written to a CSV file, then one row per series and part (--summary parts).
# Prints a Markdown table: median wall time of REPS runs, median CPU time
# (user + system; steadier than wall on a shared machine), peak memory (max
# RSS), and the speed-up (by wall time) over qicharts2's measured 85 s per 1,000 series
# (issue 3; R is not needed here).
#
# usage: bench/qic.sh [TANDEM]    (default build-rel/cli/tandem, else build/cli/tandem)
# env:   REPS=5 (runs per cell), SIZES="1000 100000", CHARTS="run i p u",
#        BENCH_DIR (where data and output go; default a temporary directory)
# Timing: GNU /usr/bin/time -v, which gives both the wall clock and the peak
# memory of each run (hyperfine reports no memory).
set -eu
cd "$(dirname "$0")/.."
TANDEM=${1:-}
if [ -z "$TANDEM" ]; then
    for t in build-rel/cli/tandem build/cli/tandem; do
        [ -x "$t" ] && TANDEM=$t && break
    done
fi
[ -n "$TANDEM" ] && [ -x "$TANDEM" ] || { echo "bench/qic.sh: build tandem first (meson setup build-rel --buildtype=release)" >&2; exit 2; }
TANDEM=$(cd "$(dirname "$TANDEM")" && pwd)/$(basename "$TANDEM")
REPS=${REPS:-5}
SIZES=${SIZES:-"1000 100000"}
CHARTS=${CHARTS:-"run i p u"}
POINTS=60
QICHARTS2_PER_1000=85 # seconds, qicharts2 0.8.1 (issue 3)

if [ -n "${BENCH_DIR:-}" ]; then
    D=$BENCH_DIR
    mkdir -p "$D"
else
    D=$(mktemp -d)
    trap 'rm -rf "$D"' EXIT INT TERM
fi
cc -O2 -std=c11 -o "$D/gen_qic" bench/gen_qic.c -lm

time_one() { # outfile cmd...: appends "wall_seconds max_rss_kib cpu_seconds"
    out=$1
    shift
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$D/time.txt" "$@" >/dev/null 2>"$D/err.txt" || {
        cat "$D/err.txt" >&2
        exit 1
    }
    t1=$(date +%s%N)
    # GNU time prints the wall clock to 10 ms only: take it from date(1) in ns.
    awk -v ns=$((t1 - t0)) -F': ' '/Maximum resident set size/ {m = $2}
        /User time \(seconds\)|System time \(seconds\)/ {c += $2}
        END {printf "%.4f %d %.2f\n", ns / 1e9, m, c}' "$D/time.txt" >>"$out"
}

median() { # file: median of columns 1 (wall) and 3 (cpu), max of column 2 (RSS)
    sort -n -k3,3 "$1" | awk '{c[NR] = $3} END {print c[int((NR + 1) / 2)]}' >"$D/cpu.txt"
    sort -n "$1" | awk -v cpu="$(cat "$D/cpu.txt")" '{w[NR] = $1; if ($2 > m) m = $2}
        END {printf "%.4f %d %s\n", w[int((NR + 1) / 2)], m, cpu}'
}

echo "tandem qic benchmark: $(uname -m), $(nproc) cores, $(date -u +%Y-%m-%d); $TANDEM; median of $REPS runs"
echo
echo "| series x points | chart | output | wall (s) | CPU (s) | max RSS (MiB) | qicharts2 (s) | speed-up |"
echo "|---|---|---|---:|---:|---:|---:|---:|"
for n in $SIZES; do
    in=$D/series_$n.csv
    "$D/gen_qic" "$n" $POINTS >"$in"
    ref=$(awk -v n="$n" -v r=$QICHARTS2_PER_1000 'BEGIN {printf "%.0f", n / 1000 * r}')
    for chart in $CHARTS; do
        case $chart in
        p | u | pp | up) cols="--numerator numerator --denominator denominator" ;;
        *) cols="--value value" ;;
        esac
        for summary in points parts; do
            rm -f "$D/times.txt"
            r=0
            while [ $r -lt "$REPS" ]; do
                # A fresh file each run: renaming over an existing file makes ext4
                # flush it (auto_da_alloc), which would time the disk, not tandem.
                rm -f "$D/out.csv"
                # shellcheck disable=SC2086 # cols is several words on purpose
                time_one "$D/times.txt" "$TANDEM" qic --chart "$chart" -i "$in" --by series \
                    --date period $cols --summary $summary -o "$D/out.csv"
                r=$((r + 1))
            done
            set -- $(median "$D/times.txt")
            wall=$1 rss=$2 cpu=$3
            awk -v n="$n" -v p=$POINTS -v c="$chart" -v s="$summary" -v w="$wall" -v m="$rss" -v ref="$ref" -v cpu="$cpu" \
                'BEGIN {printf "| %d x %d | %s | %s | %.3f | %.2f | %.1f | %d | %.0fx |\n", n, p, c, s, w, cpu, m / 1024, ref, ref / (w > 0 ? w : 0.001)}'
        done
    done
done
