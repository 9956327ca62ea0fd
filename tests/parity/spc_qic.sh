#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Parity with qicharts2 0.8.1 (tests/ref/spc, see PROVENANCE.md): `tandem qic`
# on each reference input must reproduce the reference points and parts:
# centre lines and limits to 1e-9 relative, signals, flags and run statistics
# identical. Deviations from qicharts2 (docs/methods/spc-qic.md) do not arise
# in these cases; each has its own test in tests/cli/qic/deviation_*.
# usage: spc_qic.sh TANDEM CSVCMP REFDIR CASE
set -eu
TANDEM=$1
CSVCMP=$2
REF=$3
CASE=$4
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

VAL="--value value"
RATE="--numerator numerator --denominator denominator"
case $CASE in
hai_u_total | hai_u_hospital_infection) in=fixtures/qic_$CASE.csv chart=u opts=$RATE ;;
tbl_06.07_i) in=fixtures/qic_$CASE.csv chart=i opts=$VAL ;;
tbl_07.04_p) in=fixtures/qic_$CASE.csv chart=p opts=$RATE ;;
tbl_07.08_c) in=fixtures/qic_$CASE.csv chart=c opts="$VAL --exclude-col exclude" ;;
tbl_07.10_u | tbl_07.11_u) in=fixtures/qic_$CASE.csv chart=u opts=$RATE ;;
tbl_07.14_t) in=fixtures/qic_$CASE.csv chart=t opts=$VAL ;;
example_i | example_run)
    in=examples/example_ptd.csv chart=${CASE#example_} opts="$VAL --part-col rebase" ;;
example_p | example_pp) in=examples/example_rates.csv chart=${CASE#example_} opts=$RATE ;;
edge_i | edge_run) in=examples/edge_cases.csv chart=${CASE#edge_} opts=$VAL ;;
*) echo "unknown case $CASE" >&2; exit 2 ;;
esac
case $CASE in
tbl_* | hai_*) out=fixtures/out_qic_$CASE ;;
example_*) out=examples/out_qic_$chart ;;
edge_*) out=examples/out_edge_qic_$chart ;;
esac

# shellcheck disable=SC2086 # opts are several words on purpose
for s in points parts; do
    "$TANDEM" qic --chart $chart -i "$REF/$in" --by series_id --date period $opts \
        --summary $s -o "$T/$s.csv"
done

LIMITS=cl,lcl,ucl,lcl_95,ucl_95
RUNS=n_obs,n_useful,longest_run,longest_run_max,n_crossings,n_crossings_min
"$CSVCMP" -e "$REF/$out/qic_points.csv" -a "$T/points.csv" -k series_id,period \
    -c part,xx,y,n,$LIMITS,baseline,include,sigma_signal,runs_signal,$RUNS
"$CSVCMP" -e "$REF/$out/qic_parts.csv" -a "$T/parts.csv" -k series_id,part \
    -c $RUNS,runs_signal,aLCL=alcl,aLCL_95=alcl_95,CL=cl,aUCL_95=aucl_95,aUCL=aucl,sigma_signal \
    -v runs_signal:0=FALSE -v runs_signal:1=TRUE
