#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Peers, pairing and opportunity on bundled real data (data/PROVENANCE.md):
#  1. acute trusts with a high share of ambulance handovers over 60 minutes
#     (March 2026) paired with credibly better trusts of similar catchment;
#  2. bed days of patients not meeting the criteria to reside (April 2022 -
#     March 2023) if every ICB matched the top quartile, per 100,000 people,
#     by NHS England region.
#   scripts/demo-peers.sh [TANDEM]        (default build/cli/tandem)
set -eu
tandem=${1:-build/cli/tandem}
case $tandem in /*) ;; *) tandem=$(pwd)/$tandem ;; esac
cd "$(dirname "$0")/.."
mkdir -p out
VARS=pct_age_65plus,pct_age_85plus,imd2019_popweighted_mean_decile,pct_pop_imd_decile1,pct_pop_rural_lsoa

"$tandem" peers -i data/trust_catchment_context.csv --id nhs_trust22_code --vars "$VARS" \
    --k 10 --stability 200 -o out/trust_peers.csv
"$tandem" pair -i data/trust_handovers_2026-03.csv --id org_code --numerator over60 \
    --denominator handovers --improvement decrease --min-denominator 100 \
    --context data/trust_catchment_context.csv --context-id nhs_trust22_code --vars "$VARS" \
    -o out/trust_handover_pairs.csv
echo "tandem demo: ambulance handovers over 60 minutes, acute trusts, March 2026"
awk -F, 'NR > 1 { n++; if ($6 == "paired") p++; else u++ }
    END { printf "  %d trusts worse than the median; %d paired with a credibly better peer, %d without\n", n, p, u }' \
    out/trust_handover_pairs.csv
echo "  first pairs (challenged -> mentor, share over 60 minutes):"
awk -F, 'NR > 1 && NR <= 6 && $6 == "paired" {
    printf "    %s %5.1f%% -> %s %5.1f%%\n", $1, 100 * $7, $2, 100 * $10 }' out/trust_handover_pairs.csv
echo "  pairs: $(pwd)/out/trust_handover_pairs.csv; peers with stability: $(pwd)/out/trust_peers.csv"

"$tandem" opportunity -i data/icb_criteria_to_reside_2022-23.csv --id icb22_code \
    --numerator bed_days --denominator population --type rate --multiplier 100000 \
    --improvement decrease --benchmark q75 --lookup data/icb_region_lookup.csv --levels region \
    -o out/icb_criteria_to_reside_opportunity.csv
echo "tandem demo: bed days of patients not meeting the criteria to reside, ICBs, 2022/23"
awk -F, 'NR == 2 { printf "  top-quartile benchmark: %.0f bed days per 100,000 population (shrunk rates)\n", $8 }
    $1 == "total" { printf "  if every ICB matched it: %.0f fewer bed days a year (of %.0f; simulation interval %.0f to %.0f)\n", $10, $4, $12, $13 }' \
    out/icb_criteria_to_reside_opportunity.csv
echo "  by region:"
awk -F, '$1 == "region" { printf "    %-26s %9.0f bed days\n", $2, $10 }' out/icb_criteria_to_reside_opportunity.csv
echo "  every ICB and region: $(pwd)/out/icb_criteria_to_reside_opportunity.csv"
