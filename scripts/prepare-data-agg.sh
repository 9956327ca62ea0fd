#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Make the bundled inputs of the roll-up and inequality examples (issue 7)
# from the project's shared copies of the published files (data/PROVENANCE.md
# names each source). Only the columns the examples use are kept, so the
# bundle stays small; values are copied unchanged.
#   scripts/prepare-data-agg.sh SHARED_DATA_DIR     (e.g. ../shared/data)
set -eu
src=$(cd "${1:?usage: prepare-data-agg.sh SHARED_DATA_DIR}" && pwd)
cd "$(dirname "$0")/../data"

# CSV -> fields split on commas outside quotes, quotes removed; a comma inside
# quotes (as in "NHS Bristol, North Somerset ..." names) becomes \034 and is
# put back, quoted, by pick.
plain() {
    awk '{
        out = ""; q = 0
        for (i = 1; i <= length($0); i++) {
            ch = substr($0, i, 1)
            if (ch == "\"") { q = !q; continue }
            out = out ((q && ch == ",") ? "\034" : ch)
        }
        sub(/\r$/, "", out)
        print out
    }' "$1"
}

# Columns by name, in the order given: pick FILE col1 col2 ...
pick() {
    f=$1
    shift
    plain "$f" | awk -F, -v want="$*" 'BEGIN { n = split(want, w, " ") }
        NR == 1 { for (i = 1; i <= NF; i++) at[$i] = i
                  for (k = 1; k <= n; k++) if (!(w[k] in at)) { print "no column " w[k] > "/dev/stderr"; exit 1 } }
        function f(v) { if (v ~ /\034/) { gsub(/\034/, ",", v); v = "\"" v "\"" }; return v }
        { line = f($(at[w[1]])); for (k = 2; k <= n; k++) line = line "," f($(at[w[k]])); print line }'
}

# LSOA 2011 -> sub-ICB location, ICB and lower-tier local authority (2022).
pick "$src/geographr/lookup_lsoa11_sicbl22_icb22_ltla22.csv" \
    lsoa11_code sicbl22_code icb22_code ltla22_code >lookup_lsoa11_icb22.csv
# ICB code -> name, for readable output.
pick "$src/geographr/lookup_lsoa11_sicbl22_icb22_ltla22.csv" icb22_code icb22_name |
    { IFS= read -r h; echo "$h"; LC_ALL=C sort -u; } >icb22_names.csv
# IMD 2019 decile (1 = most deprived 10% of LSOAs in England) and rank.
pick "$src/imd2019_humaniverse/imd2019_england_lsoa11.csv" lsoa11_code IMD_decile IMD_rank \
    >imd2019_lsoa11.csv
# Mid-2020 population by LSOA (England and Wales), total and aged 65 and over.
plain "$src/demographr/population20_lsoa11.csv" | awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) { at[$i] = i; if ($i == "65") first = i }
              print "lsoa11_code,total_population,age_65_plus"; next }
    { s = 0; for (i = first; i <= NF; i++) s += $i
      print $(at["lsoa11_code"]) "," $(at["total_population"]) "," s }' >population2020_lsoa11.csv
# QOF 2019/20 modelled prevalence by IMD decile (House of Commons Library):
# the file as published, and England only (the "Wales" pseudo-decile left out).
cp "$src/hoc_qof_lsoa/output_imd_prevalence.csv" qof_imd_prevalence.csv
awk -F, 'NR == 1 { print "imd_decile,group_code,register,list,prevalence"; next }
    $1 ~ /^[0-9]+$/ { print }' qof_imd_prevalence.csv >qof_prevalence_imd_england.csv
