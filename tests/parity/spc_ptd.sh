#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Parity with NHSRplotthedots 0.2.2 (tests/ref/spc, see PROVENANCE.md):
# `tandem spc` on each reference input must reproduce the reference points,
# phases and series: limits to 1e-9 relative, labels, point types and icons
# identical. The three documented differences (docs/numerics.md: a series
# without a target, a constant series, a missing value) are excluded here
# and asserted by their own golden tests in tests/cli/spc/deviation_*.
# usage: spc_ptd.sh TANDEM CSVCMP REFDIR CASE
set -eu
TANDEM=$1
CSVCMP=$2
REF=$3
CASE=$4
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

screen=
case $CASE in
deviations | rnorm20 | rnorm20_outlier | rnorm20_facets | two_in_three_opposite | icons)
    in=fixtures/ptd_$CASE.csv out=fixtures/out_ptd_$CASE ;;
example) in=examples/example_ptd.csv out=examples/out_ptd ;;
edge) in=examples/edge_cases.csv out=examples/out_edge_ptd ;;
edge_noscreen) in=examples/edge_cases.csv out=examples/out_edge_ptd_noscreen screen=--no-screen ;;
ae_type1_4h) in=ae_type1_4h/input.csv out=ae_type1_4h ;;
*) echo "unknown case $CASE" >&2; exit 2 ;;
esac

set -- --by series_id --date period --value value $screen
hdr=$(head -n 1 "$REF/$in")
case $hdr in *'target'*) set -- "$@" --target-col target ;; esac
case $hdr in *'improvement_direction'*) set -- "$@" --improvement-col improvement_direction ;; esac
case $hdr in *'rebase'*) set -- "$@" --rebase-col rebase ;; esac
for s in points phases series; do
    "$TANDEM" spc -i "$REF/$in" "$@" --summary $s -o "$T/$s.csv"
done

POINT_KEYS=series_id,period
POINT_LIMITS=mean,lpl,upl,nlpl,nupl
POINT_REST=value,rebase_group=phase,point_in_phase,baseline,special_cause_type,point_type
PHASE_KEYS=series_id,rebase_group=phase
PHASE_LIMITS=mean,lpl,upl
PHASE_REST=n,common_cause,special_cause_improvement,special_cause_concern,variation_type
SERIES_LIMITS=mean,lpl,upl
SERIES_REST=direction=improvement,n_points=n,n_phases=phases,last_period=last,n_special_cause,last_special_cause_type,variation_icon,target

cmp() { # file keys columns [filters...]
    f=$1 k=$2 c=$3
    shift 3
    "$CSVCMP" -e "$REF/$out/ptd_$f.csv" -a "$T/$f.csv" -k "$k" -c "$c" "$@"
}

case $CASE in
example)
    # C_rebase_outlier has no target: the reference says "inconsistent", tandem gives none.
    x=series_id=C_rebase_outlier
    cmp points $POINT_KEYS $POINT_LIMITS,$POINT_REST
    cmp phases $PHASE_KEYS $PHASE_LIMITS,$PHASE_REST,assurance_type -s $x
    cmp phases $PHASE_KEYS $PHASE_LIMITS,$PHASE_REST -w $x
    cmp series series_id $SERIES_LIMITS,$SERIES_REST,assurance_icon -s $x
    cmp series series_id $SERIES_LIMITS,$SERIES_REST -w $x
    ;;
edge)
    # na_in_middle: the reference fails the series. constant: the reference's
    # screening leaves no moving range (NaN limits); tandem's limits equal the mean.
    cmp points $POINT_KEYS $POINT_LIMITS,$POINT_REST -s series_id=constant -s series_id=na_in_middle
    cmp points $POINT_KEYS mean,$POINT_REST -w series_id=constant
    cmp phases $PHASE_KEYS $PHASE_LIMITS,$PHASE_REST,assurance_type -s series_id=constant -s series_id=na_in_middle
    cmp phases $PHASE_KEYS mean,$PHASE_REST,assurance_type -w series_id=constant
    cmp series series_id $SERIES_LIMITS,$SERIES_REST,assurance_icon -s series_id=constant -s series_id=na_in_middle
    cmp series series_id mean,$SERIES_REST,assurance_icon -w series_id=constant
    ;;
edge_noscreen)
    cmp points $POINT_KEYS $POINT_LIMITS,$POINT_REST -s series_id=na_in_middle
    cmp phases $PHASE_KEYS $PHASE_LIMITS,$PHASE_REST,assurance_type -s series_id=na_in_middle
    cmp series series_id $SERIES_LIMITS,$SERIES_REST,assurance_icon -s series_id=na_in_middle
    ;;
*)
    cmp points $POINT_KEYS $POINT_LIMITS,$POINT_REST
    cmp phases $PHASE_KEYS $PHASE_LIMITS,$PHASE_REST,assurance_type
    cmp series series_id $SERIES_LIMITS,$SERIES_REST,assurance_icon
    ;;
esac
