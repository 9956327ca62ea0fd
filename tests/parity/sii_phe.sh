#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Parity with PHEindicatormethods 2.1.0 phe_sii on the scenarios of its own
# test suite (tests/ref/sii/sii_testdata.csv; tests/testthat/testSII.R says
# which rows, options and expected rows each test uses). For every case:
#  - point estimates (sii, rii, intercept) must agree to 1e-9 relative;
#  - simulated limits must pass the reference test's own check, testthat's
#    expect_equal(tolerance = 0.05) = all.equal: per column, the mean
#    relative difference sum|expected - tandem| / sum|expected| <= 0.05.
# Every case runs 100,000 repetitions (REPS to change) with seed 5.
# The draws_* cases go further: against phe_sii's simulation transcribed into
# base R and run under R's own generator (scripts/gen-ref-sii.R, 10,000
# repetitions, set.seed(5), two areas from one stream), the limits must agree
# to 1e-9: tandem draws R's random numbers in R's order.
# usage: sii_phe.sh TANDEM REFDIR CASE
set -eu
TANDEM=$1
REF=$2/sii_testdata.csv
CASE=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

# case: input rows, expected rows, options, compared columns ("i" = with intercept,
# "r" = with RII, "s" = SII only), CI set (1 or 2: which expected CI columns)
set_case() {
    rows=$1 exp=$2 opts=$3 cols=$4 ci=${5:-1}
}
VAL="--value Value"
SE="--se StandardError"
CL="--lower-col LowerCL --upper-col UpperCL"
case $CASE in
default_se) set_case 1-20 1-20 "$VAL $SE" r ;;
default_cl) set_case 1-20 1-20 "$VAL $CL" r ;;
default_intercept) set_case 1-20 246-265 "$VAL $CL" ri ;;
conf99_cl) set_case 21-40 21-40 "$VAL $CL --confidence 0.99" r ;;
conf99_se) set_case 21-40 21-40 "$VAL $SE --confidence 99" r ;;
conf95_of_two) set_case 226-245 226-245 "$VAL $SE --confidence 95" r 1 ;;
conf99_of_two) set_case 226-245 226-245 "$VAL $SE --confidence 99" r 2 ;;
reps_100k) set_case 41-60 41-60 "$VAL $SE" r ;;
quintiles) set_case 61-70 61-70 "$VAL $SE" s ;;
rate_se) set_case 71-90 71-90 "$VAL $SE --value-type 1" r ;;
rate_cl) set_case 71-90 71-90 "$VAL $CL --value-type 1" r ;;
rate_intercept) set_case 71-90 266-285 "$VAL $CL --value-type 1" ri ;;
rate_log) set_case 306-325 306-325 "$VAL $CL --value-type 1 --transform" ri ;;
rate_log_negative) set_case 386-405 386-405 "$VAL $CL --value-type 1 --transform --multiplier -1" ri ;;
rate_log_98) set_case 406-425 406-425 "$VAL $CL --value-type 1 --transform --confidence 98" ri ;;
rate_log_95_of_two) set_case 366-385 366-385 "$VAL $CL --value-type 1 --transform --confidence 95" ri 1 ;;
rate_log_98_of_two) set_case 366-385 366-385 "$VAL $CL --value-type 1 --transform --confidence 98" ri 2 ;;
rate_log_no_rii) set_case 426-445 426-445 "$VAL $CL --value-type 1 --transform" s ;;
prop_se) set_case 91-110 91-110 "$VAL $SE --value-type 2" r ;;
prop_cl) set_case 91-110 91-110 "$VAL $CL --value-type 2" r ;;
prop_count) set_case 91-110 91-110 "--numerator Count $CL --value-type 2" r ;;
prop_as_rate_intercept) set_case 91-110 286-305 "$VAL $CL --value-type 1" ri ;;
prop_m100) set_case 111-130 111-130 "$VAL $CL --value-type 2 --multiplier 100" r ;;
prop_m_neg100) set_case 131-150 131-150 "$VAL $CL --value-type 2 --multiplier -100" r ;;
prop_logit) set_case 326-345 326-345 "$VAL $CL --value-type 2 --transform" ri ;;
prop_logit_negative) set_case 346-365 346-365 "$VAL $CL --value-type 2 --transform --multiplier -1" ri ;;
prop_logit_98) set_case 466-485 466-485 "$VAL $CL --value-type 2 --transform --confidence 98" ri ;;
prop_logit_95_of_two) set_case 486-505 486-505 "$VAL $CL --value-type 2 --transform --confidence 95" ri 1 ;;
prop_logit_98_of_two) set_case 486-505 486-505 "$VAL $CL --value-type 2 --transform --confidence 98" ri 2 ;;
prop_logit_no_rii) set_case 446-465 446-465 "$VAL $CL --value-type 2 --transform" s ;;
draws_normal_se) set_case 1-20 r_draws_normal_se.csv "$VAL $SE" draws ;;
draws_prop_m_neg100) set_case 131-150 r_draws_prop_m_neg100.csv "$VAL $CL --value-type 2 --multiplier -100" draws ;;
draws_rate_log_98) set_case 306-325 r_draws_rate_log_98.csv "$VAL $CL --value-type 1 --transform --confidence 0.98" draws ;;
*) echo "unknown case $CASE" >&2; exit 2 ;;
esac

# The reference quotes its text fields, some with commas ("c(95, 99)"): make
# a plain copy (quotes dropped, commas inside them as ";") that awk can split.
awk '{
    out = ""; q = 0
    for (i = 1; i <= length($0); i++) {
        ch = substr($0, i, 1)
        if (ch == "\"") { q = !q; continue }
        out = out ((q && ch == ",") ? ";" : ch)
    }
    print out
}' "$REF" >"$T/ref.csv"

# Rows a-b of the reference (RecordNo), header kept.
slice() {
    awk -F, -v a="${1%-*}" -v b="${1#*-}" 'NR == 1 || ($1 + 0 >= a && $1 + 0 <= b)' "$T/ref.csv"
}
slice "$rows" >"$T/in.csv"
if [ "$cols" = draws ]; then
    # shellcheck disable=SC2086
    "$TANDEM" inequality -i "$T/in.csv" --by Area --quantile-col Quantile --population Population \
        $opts --reps 10000 --seed 5 -o "$T/got.csv"
    exec awk -F, -v name="$CASE" '
    function rel(a, b) { return a == b ? 0 : (a - b < 0 ? b - a : a - b) / (a < 0 ? -a : a) }
    NR == FNR { if (FNR > 1) for (i = 2; i <= 5; i++) want[$1, i - 1] = $i; next }
    FNR == 1 { for (i = 1; i <= NF; i++) g[$i] = i; next }
    {
        split("sii_lower sii_upper rii_lower rii_upper", c, " ")
        for (k = 1; k <= 4; k++) {
            d = rel(want[$1, k], $(g[c[k]]))
            if (!(d <= 1e-9)) { printf "%s: %s %s: R %s, tandem %s\n", name, $1, c[k], want[$1, k], $(g[c[k]]); bad = 1 }
            if (d > worst) worst = d
        }
        n++
    }
    END { if (n != 2) { print name ": expected 2 areas, got " n; exit 1 }; printf "%s: largest relative difference from R %.3g\n", name, worst; exit bad }
    ' "$(dirname "$REF")/$exp" "$T/got.csv"
fi
slice "$exp" >"$T/exp.csv"
# shellcheck disable=SC2086
"$TANDEM" inequality -i "$T/in.csv" --by Area --quantile-col Quantile --population Population \
    $opts --reps "${REPS:-100000}" --seed 5 --intercept -o "$T/got.csv"

awk -F, -v cols="$cols" -v ci="$ci" -v name="$CASE" '
function rel(a, b) { return a == b ? 0 : (a - b < 0 ? b - a : a - b) / (a < 0 ? -a : a) }
NR == FNR {
    if (FNR == 1) { for (i = 1; i <= NF; i++) e[$i] = i; next }
    if ($(e["sii"]) == "NA") next
    area = $(e["Area"])
    want[area, "sii"] = $(e["sii"]); want[area, "rii"] = $(e["rii"])
    want[area, "intercept"] = $(e["Intercept"])
    want[area, "sii_lower"] = $(e["sii_lowercl_" ci]); want[area, "sii_upper"] = $(e["sii_uppercl_" ci])
    want[area, "rii_lower"] = $(e["rii_lowercl_" ci]); want[area, "rii_upper"] = $(e["rii_uppercl_" ci])
    areas[++n] = area
    next
}
FNR == 1 { for (i = 1; i <= NF; i++) g[$i] = i; next }
{ for (k in g) got[$(g["Area"]), k] = $(g[k]) }
END {
    bad = 0
    split("sii", pts, " "); split("sii_lower sii_upper", lims, " ")
    if (cols ~ /r/) { pts[2] = "rii"; lims[3] = "rii_lower"; lims[4] = "rii_upper" }
    if (cols ~ /i/) pts[3] = "intercept"
    for (p in pts) for (a = 1; a <= n; a++) {
        d = rel(want[areas[a], pts[p]], got[areas[a], pts[p]])
        if (!(d <= 1e-9)) { printf "%s: %s %s: expected %s, got %s\n", name, areas[a], pts[p], want[areas[a], pts[p]], got[areas[a], pts[p]]; bad = 1 }
    }
    for (l in lims) {
        if (want[areas[1], lims[l]] == "NA") continue # quintiles: the reference has the SII only
        num = 0; den = 0
        for (a = 1; a <= n; a++) {
            x = want[areas[a], lims[l]]; y = got[areas[a], lims[l]]
            num += (x - y < 0 ? y - x : x - y); den += (x < 0 ? -x : x)
        }
        if (!(num / den <= 0.05)) { printf "%s: %s: mean relative difference %.4f > 0.05\n", name, lims[l], num / den; bad = 1 }
        else printf "%s: %s: mean relative difference %.4f\n", name, lims[l], num / den
    }
    exit bad
}' "$T/exp.csv" "$T/got.csv"
