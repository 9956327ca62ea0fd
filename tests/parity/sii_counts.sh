#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The counts path end to end against R: phe_sii on the package's NCMP example
# (prevalence_data: obesity by decile, 24 areas = Period x SchoolYear) takes
# the example's Wilson limits; tandem computes them itself from Count and
# Measured with the indicator kernels (tdm_ci_wilson), then draws R's random
# numbers. Reference: scripts/gen-ref-sii.R (base-R transcription of phe_sii,
# set.seed(5), 10,000 repetitions, one stream over the 24 areas in order).
# Every SII, RII and limit must agree to 1e-9.
# usage: sii_counts.sh TANDEM CSVCMP REFDIR
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
"$1" inequality -i "$3/sii_prevalence_data.csv" --by Period,SchoolYear --quantile-col Decile \
    --population Measured --numerator Count --value-type 2 --multiplier 100 --reps 10000 --seed 5 \
    -o "$T/got.csv"
"$2" -e "$3/r_draws_ncmp_counts.csv" -a "$T/got.csv" -k Period,SchoolYear \
    -c sii,rii,sii_lower,sii_upper,rii_lower,rii_upper -t 1e-9
