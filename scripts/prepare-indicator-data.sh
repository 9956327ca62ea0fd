#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Rebuild the indicator example files in data/ (see data/PROVENANCE.md) from
# the project's shared open-data folder:
#   scripts/prepare-indicator-data.sh SHARED_DATA_DIR
# data/ew_deaths_2020_by_age.csv: deaths of all persons in England and Wales
# by week (ONS weekly provisional deaths, weeks ending 3 Jan - 3 Apr 2020) and
# ESP2013 age band (19 bands; "Under 1 year" and "1-4" summed into 0-4), with
# the mid-2020 population of the same band (ONS mid-year estimates by LSOA,
# single years of age 0-89 and 90+, summed over England and Wales).
# data/qof_prevalence_imd.csv: QOF 2019/20 registers and list sizes by IMD 2019
# decile (House of Commons Library), copied unchanged.
set -eu
src=${1:?usage: prepare-indicator-data.sh SHARED_DATA_DIR}
cd "$(dirname "$0")/../data"
pop=$src/demographr/population20_lsoa11.csv
deaths=$src/nhsrdatasets/ons_mortality.csv
awk -F, '
function band(a) { return a >= 90 ? 18 : int(a / 5) }
BEGIN { split("0-4 5-9 10-14 15-19 20-24 25-29 30-34 35-39 40-44 45-49 50-54 55-59 60-64 65-69 70-74 75-79 80-84 85-89 90+", lab, " ") }
FNR == 1 { file++; next }
file == 1 {
    if (NF != 94) { print "unexpected row in population file: " FNR > "/dev/stderr"; exit 1 }
    for (a = 0; a <= 90; a++) pop[band(a)] += $(4 + a)
    next
}
{
    gsub(/"/, "")
    if ($1 != "Persons" || $4 !~ /^2020-/) next
    g = $2
    if (g == "Under 1 year" || g == "1-4") b = 0
    else if (g == "90+") b = 18
    else { split(g, p, "-"); if (p[2] - p[1] != 4) next; b = band(p[1] + 0) }
    d[$4, b] += $3
    weeks[$4] = 1
}
END {
    print "week_ending,ageband,deaths,population"
    n = 0
    for (w in weeks) list[++n] = w
    for (i = 2; i <= n; i++) { v = list[i]; for (j = i - 1; j >= 1 && list[j] > v; j--) list[j + 1] = list[j]; list[j + 1] = v }
    for (i = 1; i <= n; i++)
        for (b = 0; b < 19; b++) printf "%s,%s,%d,%d\n", list[i], lab[b + 1], d[list[i], b], pop[b]
}' "$pop" "$deaths" > ew_deaths_2020_by_age.csv
cp "$src/hoc_qof_lsoa/output_imd_prevalence.csv" qof_prevalence_imd.csv
