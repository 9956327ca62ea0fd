#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The main job on bundled real data (make demo): Making Data Count charts of
# A&E 4-hour performance for every type 1 department in England, April 2016 -
# March 2019 (NHS England A&E statistics via NHSRdatasets; data/PROVENANCE.md),
# and a board pack (tandem report) of urgent and emergency care in England:
# A&E 4-hour performance, ambulance response times and patients not meeting
# the criteria to reside (data/board_metrics.csv, data/board_data.csv); then
# funnel plots of the same A&E data, the roll-up and inequality examples
# (scripts/demo-rollup.sh) and the peers, pairing and opportunity examples
# (scripts/demo-peers.sh).
set -eu
tandem=${1:-build/cli/tandem}
cd "$(dirname "$0")/.."
mkdir -p out
"$tandem" spc -i data/ae_type1_4h.csv --by org_code --date period --value performance \
    --improvement increase --target 0.95 --summary series -o out/ae_4h_series.csv
"$tandem" spc -i data/ae_type1_4h.csv --by org_code --date period --value performance \
    --improvement increase --target 0.95 -o out/ae_4h_points.csv
echo "tandem demo: A&E 4-hour performance (type 1), 140 trusts, 95% target"
echo "  variation x assurance icons (trusts):"
awk -F, 'NR > 1 { n[$17 " / " ($18 == "" ? "none" : $18)]++ } END { for (k in n) printf "    %4d  %s\n", n[k], k }' \
    out/ae_4h_series.csv | LC_ALL=C sort -k1,1nr -k2
echo "  per-trust summary with icons: $(pwd)/out/ae_4h_series.csv"
echo "  every point with limits and special causes: $(pwd)/out/ae_4h_points.csv"
"$tandem" report -m data/board_metrics.csv -i data/board_data.csv \
    -o out/board_pack.html --xlsx out/board_pack.xlsx \
    --title "Urgent and emergency care: England" \
    --subtitle "Demonstration board pack from published NHS England statistics" \
    --source "NHS England A&E attendances (April 2016 - March 2019), Ambulance Quality Indicators (November 2017 - January 2021), acute discharge situation report (April 2022 - August 2025); see data/PROVENANCE.md"
echo "tandem demo: board pack, 10 metrics (A&E, ambulance response times, criteria to reside)"
echo "  board pack, one self-contained file that opens offline: $(pwd)/out/board_pack.html"
echo "  the same summary and data as an Excel workbook: $(pwd)/out/board_pack.xlsx"
"$tandem" funnel -s proportion -i data/ae_type1_4h.csv --by period --id org_code \
    --numerator breaches --denominator attendances -o out/ae_4h_funnel.csv
"$tandem" funnel -s proportion -i data/ae_type1_4h.csv --by period --id org_code \
    --numerator breaches --denominator attendances --overdispersion tau2 \
    --limits out/ae_4h_funnel_limits_tau2.csv -o out/ae_4h_funnel_tau2.csv
echo "tandem demo: funnel plots of the share of A&E attendances over 4 hours, one per month"
for f in ae_4h_funnel ae_4h_funnel_tau2; do
    awk -F, -v f="$f" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "significance") c = i }
        NR > 1 && $1 == "2019-03-01" { n++; if ($c != "not_significant") s++ }
        END { printf "  March 2019, %s: %d of %d trusts outside the 95%% limits\n",
              f == "ae_4h_funnel" ? "binomial limits" : "limits widened for overdispersion (tau2)", s, n }' out/$f.csv
done
echo "  every trust and month: $(pwd)/out/ae_4h_funnel.csv, $(pwd)/out/ae_4h_funnel_tau2.csv"
sh scripts/demo-rollup.sh "$tandem"
sh scripts/demo-peers.sh "$tandem"
echo "tandem demo: done. Start with the board pack: $(pwd)/out/board_pack.html"
