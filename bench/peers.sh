#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmarks of tandem peers / pair / opportunity at national GP-practice scale
# (6,500 practices x 12 context variables), and the pairing flow solver against
# GLPK on the same network. Builds a release binary in build-bench; inputs in
# bench/out (deterministic, seed 42). Figures are recorded in bench/README.md.
#   bench/peers.sh [--no-glpk]      --no-glpk skips the GLPK comparison (about 4 s)
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
[ -f build-bench/build.ninja ] || meson setup build-bench --buildtype=release -Dtests=false >/dev/null
ninja -C build-bench >/dev/null
T=build-bench/cli/tandem
mkdir -p bench/out
C=bench/out/practice_context.csv
O=bench/out/practice_outcome.csv
[ -s "$C" ] && [ -s "$O" ] || build-bench/bench/gen_practices 6500 12 "$C" "$O"
V=v1,v2,v3,v4,v5,v6,v7,v8,v9,v10,v11,v12

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
        END { m = int((n + 1) / 2)
              printf "%-58s %8.3f s wall %8.3f s cpu %8.1f MB\n", label, wall[m], cpu[m], mem / 1024 }'
    rm -f /tmp/tandem-bench.$$
}

PAIR="pair -i $O --id code --numerator events --denominator list_size --improvement decrease --context $C --vars $V"
echo "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo | sed 's/^ *//')"
measure "peers 6,500 x 12, k = 20 (130,000 rows)" $T peers -i $C --id code --vars $V --k 20 -o bench/out/peers.csv
measure "peers 6,500 x 12, k = 20, mahalanobis" $T peers -i $C --id code --vars $V --k 20 --method mahalanobis -o bench/out/peers_m.csv
measure "pair 6,500, k-peers 20 (peers + test + flow)" $T $PAIR --k-peers 20 -o bench/out/pair.csv
measure "pair 6,500, k-peers 100, all challenged, travel" $T $PAIR --k-peers 100 --challenged all --lat lat --lon lon -o bench/out/pair100.csv
measure "opportunity 6,500, q75, 1,000 simulations" $T opportunity -i $O --id code --numerator events --denominator list_size --improvement decrease -o bench/out/opp.csv
measure "opportunity 6,500, best5 of 20 peers, 1,000 simulations" $T opportunity -i $O --id code --numerator events --denominator list_size --improvement decrease --benchmark best5 --context $C --vars $V --k-peers 20 -o bench/out/opp5.csv
$T $PAIR --k-peers 20 -v -o /dev/null
$T $PAIR --k-peers 100 --challenged all --lat lat --lon lon -v -o /dev/null
echo "flow solver alone, 6,500 units and about 300,000 candidate arcs:"
if [ "${1:-}" = --no-glpk ]; then
    build-bench/bench/bench_flow 6500 46 --no-glpk
else
    build-bench/bench/bench_flow 6500 46
fi
