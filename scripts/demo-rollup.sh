#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Worked examples of tandem rollup and tandem inequality on bundled real data
# (data/PROVENANCE.md), for the main demo:
#  1. LSOA -> sub-ICB -> ICB roll-up of the mid-2020 population and of IMD 2019
#     deprivation: population, people aged 65+, population-weighted mean IMD
#     rank, and the population of each ICB in each IMD decile (CORE20 share).
#  2. QOF 2019/20 prevalence by IMD decile for all 21 registers with the slope
#     and relative index of inequality and the CORE20 gap; hypertension shown.
#  3. Per area and per level: the roll-up's sub-ICB x decile and ICB x decile
#     rows piped into tandem inequality (share of people aged 65+).
#   scripts/demo-rollup.sh [TANDEM]      (default build/cli/tandem)
set -eu
tandem=${1:-build/cli/tandem}
cd "$(dirname "$0")/.."
mkdir -p out
LOOKUPS=data/lookup_lsoa11_icb22.csv,data/imd2019_lsoa11.csv,data/icb22_names.csv

# 1. Population and deprivation of every sub-ICB and ICB, one pass over 34,753 LSOAs.
#    Welsh LSOAs are not in the England lookup: tandem counts and reports them.
"$tandem" rollup -i data/population2020_lsoa11.csv --key lsoa11_code --lookup "$LOOKUPS" \
    --levels icb22_name,sicbl22_code --sum total_population,age_65_plus \
    --mean IMD_rank --weight total_population --total England -o out/icb_population_imd.csv \
    2>out/icb_population_imd.log
"$tandem" rollup -i data/population2020_lsoa11.csv --key lsoa11_code --lookup "$LOOKUPS" \
    --levels icb22_name --by IMD_decile --sum total_population --total England \
    -o out/icb_population_by_decile.csv 2>>out/icb_population_imd.log
echo "tandem demo: population and deprivation of England's 42 ICBs (mid-2020, IMD 2019)"
sort -u out/icb_population_imd.log | sed 's/^/  /'
echo "  most deprived ICBs by population-weighted mean IMD rank (1 = most deprived LSOA):"
awk -F, 'NR > 1 && $1 == "icb22_name" { n = split($0, f, ","); print f[n] "," $0 }' \
    out/icb_population_imd.csv | LC_ALL=C sort -t, -k1,1g | head -3 |
    awk -F, '{ printf "    %-70s rank %.0f, %d people\n", $3, $1, $5 }'
echo "  share of each ICB's population in the most deprived fifth (IMD deciles 1-2, CORE20):"
awk -F, 'NR > 1 && $1 != "level" { code = $2; for (i = 3; i < NF - 2; i++) code = code "," $i
        tot[code] += $NF; if ($(NF - 2) <= 2) core[code] += $NF }
    END { for (c in tot) printf "%.4f,%s\n", core[c] / tot[c], c }' out/icb_population_by_decile.csv |
    LC_ALL=C sort -t, -k1,1gr | head -3 | awk -F, '{ printf "    %5.1f%%  %s\n", 100 * $1, $2 }'

# 2. QOF prevalence by IMD decile: SII, RII and CORE20 gap for every register.
"$tandem" inequality -i data/qof_prevalence_imd_england.csv --by group_code \
    --quantile-col imd_decile --population list --numerator register --value-type 2 \
    --multiplier 100 --seed 2019 -o out/qof_prevalence_sii.csv
"$tandem" inequality -i data/qof_prevalence_imd_england.csv --by group_code \
    --quantile-col imd_decile --population list --numerator register --value-type 2 \
    --multiplier 100 --reps 0 --summary quantiles -o out/qof_prevalence_deciles.csv
echo "tandem demo: QOF 2019/20 crude prevalence by IMD decile (1 = most deprived), 21 registers"
echo "  SII in percentage points from most to least deprived (negative: higher where more deprived),"
echo "  RII least / most deprived, CORE20 gap = deciles 1-2 minus the rest (95% intervals):"
row() {
    awk -F, -v g="$1" '$1 == g { printf "    %-5s SII %6.2f (%6.2f to %6.2f)  RII %5.3f (%5.3f to %5.3f)  CORE20 gap %5.2f (%5.2f to %5.2f)\n", $1, $4, $5, $6, $7, $8, $9, $12, $13, $14 }' \
        out/qof_prevalence_sii.csv
}
row HYP
for g in $(awk -F, 'NR > 1 { print $4 "," $1 }' out/qof_prevalence_sii.csv | LC_ALL=C sort -t, -k1,1g | head -3 | cut -d, -f2); do
    row "$g"
done
# 3. One roll-up pass, every level, piped into inequality by level and code
#    (10,000 repetitions for 149 areas keep the demo quick; the default is 100,000).
"$tandem" rollup -i data/population2020_lsoa11.csv --key lsoa11_code --lookup "$LOOKUPS" \
    --levels sicbl22_code,icb22_code --by IMD_decile --sum total_population,age_65_plus \
    --total England 2>/dev/null |
    "$tandem" inequality --by level,code --quantile-col IMD_decile --population total_population \
        --numerator age_65_plus --value-type 2 --multiplier 100 --reps 10000 --seed 2020 \
        -o out/age65_sii_by_level.csv 2>out/age65_sii_by_level.log
echo "tandem demo: share aged 65+ by IMD decile, SII for England, every ICB and sub-ICB in one pipe"
awk -F, '$1 == "total" { printf "    England: SII %.2f points (%.2f to %.2f), CORE20 gap %.2f\n", $5, $6, $7, $13 }' \
    out/age65_sii_by_level.csv
sed 's/^/  /' out/age65_sii_by_level.log
echo "  per register: $(pwd)/out/qof_prevalence_sii.csv; per decile with intervals: $(pwd)/out/qof_prevalence_deciles.csv"
echo "  per ICB: $(pwd)/out/icb_population_imd.csv, by decile: $(pwd)/out/icb_population_by_decile.csv"
echo "  SII of the 65+ share per sub-ICB and ICB: $(pwd)/out/age65_sii_by_level.csv"
