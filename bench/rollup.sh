#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark of tandem rollup against SQLite on the same file (issue 7).
# Generates N patient-level rows (bench/gen_records, seed 42: LSOA code,
# practice code, age band, four 0/1 flags) and a synthetic LSOA -> MSOA ->
# LTLA -> ICB -> region lookup, then rolls the flags up to the four levels:
#  - tandem rollup, RUNS times (default 3): median wall and CPU seconds, peak
#    memory (/usr/bin/time), MB/s of CSV per core;
#  - sqlite3 (Debian's CLI): .import of both files into typed tables, then
#    one query that aggregates per LSOA once and rolls that up to the four
#    levels (the best plan for SQLite: one scan), timed separately;
# and checks that both give the same numbers. Figures: bench/README.md.
#   bench/rollup.sh [N] [--no-sqlite]      (N default 100000000; about 31 bytes a row)
set -eu
cd "$(dirname "$0")/.."
N=${1:-100000000}
SQLITE=${2:-}
RUNS=${RUNS:-3}
[ -f build-bench/build.ninja ] || meson setup build-bench --buildtype=release -Dtests=false >/dev/null
ninja -C build-bench >/dev/null
T=build-bench/cli/tandem
mkdir -p bench/out
in=bench/out/records_$N.csv
lk=bench/out/bench_lookup.csv
[ -s "$in" ] && [ -s "$lk" ] || build-bench/bench/gen_records "$N" --lookup "$lk" >"$in"
bytes=$(stat -c %s "$in")
LEVELS=msoa11_code,ltla22_code,icb22_code,region_code
SUMS=diabetes,hypertension,smoker,obese
echo "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo | sed 's/^ *//'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: $N rows, $bytes bytes"

timed() { # log command... : /usr/bin/time -> "wall user sys maxKB" appended to log
    log=$1
    shift
    /usr/bin/time -f '%e %U %S %M' -a -o "$log" "$@"
}

report() { # label log
    sort -n "$2" | awk -v label="$1" -v bytes="$bytes" '
        { wall[NR] = $1; cpu[NR] = $2 + $3; if ($4 > mem) mem = $4 }
        END {
            m = int((NR + 1) / 2)
            printf "%-30s %8.2f s wall %8.2f s cpu %8.1f MB peak %7.0f MB/s (wall) %7.0f MB/s (cpu)\n",
                label, wall[m], cpu[m], mem / 1024, bytes / 1e6 / wall[m], bytes / 1e6 / cpu[m]
        }'
}

log=bench/out/rollup_tandem.log
: >"$log"
i=0
while [ $i -lt "$RUNS" ]; do
    timed "$log" "$T" rollup -i "$in" --key lsoa11_code --lookup "$lk" --levels "$LEVELS" \
        --sum "$SUMS" -o bench/out/rollup_tandem.csv
    i=$((i + 1))
done
report "tandem rollup (4 levels)" "$log"

[ "$SQLITE" = --no-sqlite ] && exit 0
db=bench/out/records_$N.sqlite
rm -f "$db"
export SQLITE_TMPDIR="$PWD/bench/out" # the GROUP BY sorts on disk: keep it beside the data
log=bench/out/rollup_sqlite_import.log
: >"$log"
timed "$log" sqlite3 "$db" \
    "CREATE TABLE records(lsoa11_code TEXT, practice_code TEXT, age_band TEXT, diabetes INTEGER, hypertension INTEGER, smoker INTEGER, obese INTEGER);" \
    "CREATE TABLE lookup(lsoa11_code TEXT PRIMARY KEY, msoa11_code TEXT, ltla22_code TEXT, icb22_code TEXT, region_code TEXT);" \
    ".import --csv --skip 1 $in records" ".import --csv --skip 1 $lk lookup"
report "sqlite3 .import" "$log"
q="WITH k AS (SELECT lsoa11_code, count(*) AS n, sum(diabetes) AS d, sum(hypertension) AS h,
                     sum(smoker) AS s, sum(obese) AS o FROM records GROUP BY lsoa11_code),
     j AS (SELECT l.msoa11_code, l.ltla22_code, l.icb22_code, l.region_code, k.* FROM k JOIN lookup l USING (lsoa11_code))
SELECT 'msoa11_code', msoa11_code, sum(n), sum(d), sum(h), sum(s), sum(o) FROM j GROUP BY msoa11_code
UNION ALL SELECT 'ltla22_code', ltla22_code, sum(n), sum(d), sum(h), sum(s), sum(o) FROM j GROUP BY ltla22_code
UNION ALL SELECT 'icb22_code', icb22_code, sum(n), sum(d), sum(h), sum(s), sum(o) FROM j GROUP BY icb22_code
UNION ALL SELECT 'region_code', region_code, sum(n), sum(d), sum(h), sum(s), sum(o) FROM j GROUP BY region_code;"
log=bench/out/rollup_sqlite_query.log
: >"$log"
timed "$log" sqlite3 -csv "$db" "$q" >bench/out/rollup_sqlite.csv
report "sqlite3 GROUP BY query" "$log"
echo "database: $(stat -c %s "$db") bytes"
if tail -n +2 bench/out/rollup_tandem.csv | LC_ALL=C sort | cmp -s - "$(LC_ALL=C sort bench/out/rollup_sqlite.csv >bench/out/rollup_sqlite.sorted && echo bench/out/rollup_sqlite.sorted)"; then
    echo "results: identical ($(wc -l <bench/out/rollup_sqlite.csv) rows)"
else
    echo "results: DIFFER"
    exit 1
fi
rm -f "$db"
