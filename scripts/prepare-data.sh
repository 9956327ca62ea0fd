#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Rebuild the derived demo files in data/ from the bundled raw files.
# data/ae_type1_4h.csv: type 1 A&E departments only, with the share of
# attendances seen within 4 hours = (attendances - breaches) / attendances,
# printed with 17 significant digits (exact round trip).
set -eu
cd "$(dirname "$0")/../data"
awk -F, 'BEGIN { OFS = ","; print "org_code,period,attendances,breaches,performance" }
NR > 1 {
    gsub(/"/, "")
    if ($3 != "1" || $4 <= 0) next
    printf "%s,%s,%d,%d,%.17g\n", $2, $1, $4, $5, ($4 - $5) / $4
}' ae_attendances.csv | { IFS= read -r header; echo "$header"; LC_ALL=C sort -t, -k1,1 -k2,2; } > ae_type1_4h.csv
