#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Rebuild the bundled data of the peers / pair / opportunity examples
# (data/PROVENANCE.md) from the project's shared copy of the published files.
#   scripts/prepare-peers-data.sh [SHARED_DATA_DIR]     (default ../shared/data)
# Output (data/):
#   icb_context_2020.csv            ICB context, copied unchanged
#   trust_catchment_context.csv     acute-trust catchment context, copied unchanged
#   trust_handovers_2026-03.csv     acute trusts: ambulance handovers with a known time and
#                                   those over 60 minutes, March 2026
#   icb_criteria_to_reside_2022-23.csv  ICB bed days of patients not meeting the criteria
#                                   to reside, April 2022 - March 2023, with population
#   icb_region_lookup.csv           ICB -> NHS England region (QOF 2023/24 structures)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-$here/../shared/data}
out=$here/data
# A CSV field splitter for awk (RFC 4180 quotes; mawk has no FPAT).
csv='function split_csv(line, F,    i, c, f, q, n) {
    n = 0; f = ""; q = 0
    for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1)
        if (q) {
            if (c == "\"") { if (substr(line, i + 1, 1) == "\"") { f = f c; i++ } else q = 0 }
            else f = f c
        } else if (c == "\"") q = 1
        else if (c == ",") { F[++n] = f; f = "" }
        else f = f c
    }
    F[++n] = f
    return n
}
function q(s) { return s ~ /[",]/ ? "\"" s "\"" : s }'

cp "$src/derived/icb22_context_pop2020_imd2019_ruc2011.csv" "$out/icb_context_2020.csv"
cp "$src/derived/trust22_catchment_context_imd2019_pop2020.csv" "$out/trust_catchment_context.csv"

# Acute trusts, the latest month (March 2026): handovers with a known time and over 60 minutes.
awk "$csv"'
NR == 1 { n = split_csv($0, H); for (i = 1; i <= n; i++) col[H[i]] = i
          print "org_code,org_name,region,handovers,over60"; next }
{ split_csv($0, F)
  if (F[col["Trust_type"]] != "Acute trust") next
  print q(F[col["org_code"]]) "," q(F[col["org_name"]]) "," q(F[col["Region"]]) "," \
        F[col["amb_handovers_known_latest"]] "," F[col["amb_over60_count_latest"]] }' \
    "$src/trustpulse/acute_trust_handover_context_2026-03.csv" |
    { IFS= read -r h; echo "$h"; LC_ALL=C sort; } >"$out/trust_handovers_2026-03.csv"

# Bed days (sum of the daily count of patients not meeting the criteria to reside) per ICB,
# financial year 2022/23 (the last complete year for all 42 ICBs), with mid-2020 population.
awk "$csv"'
FNR == 1 { file++; next }
file == 1 { split_csv($0, F); pop[F[1]] = F[5]; name[F[1]] = F[3]; next }
{ split_csv($0, F)
  if (F[2] < "2022-04-01" || F[2] > "2023-03-31" || F[3] == "" || F[3] == "NA") next
  days[F[1]]++; beds[F[1]] += F[3] }
END { print "icb22_code,icb22_name,days,bed_days,population"
      for (c in days) print c "," q(name[c]) "," days[c] "," beds[c] "," pop[c] }' \
    "$out/icb_context_2020.csv" "$src/healthyr/england_icb_criteria_to_reside.csv" |
    { IFS= read -r h; echo "$h"; LC_ALL=C sort; } >"$out/icb_criteria_to_reside_2022-23.csv"

# ICB -> NHS England region, from the QOF 2023/24 practice structures.
awk "$csv"'
NR == 1 { next }
{ split_csv($0, F); region[F[8]] = F[6] }
END { print "icb22_code,region"; for (c in region) print c "," q(region[c]) }' \
    "$src/qof_structures_wylie/structures_2023_2024.csv" |
    { IFS= read -r h; echo "$h"; LC_ALL=C sort; } >"$out/icb_region_lookup.csv"
echo "prepare-peers-data: wrote icb_context_2020.csv trust_catchment_context.csv" \
    "trust_handovers_2026-03.csv icb_criteria_to_reside_2022-23.csv icb_region_lookup.csv"
