#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Build data/board_data.csv, the long data file of the demo board pack
# (metric,date,value), from files bundled in data/ (see data/PROVENANCE.md):
#
#   ae_4h_type1, ae_type1_attendances   <- data/ae_attendances.csv: type 1 departments
#       summed over England each month; share seen within 4 hours =
#       (attendances - breaches) / attendances.
#   amb_*                               <- data/ambsys_extract.csv: England row
#       (Org Code "Eng"), seconds / 60 = minutes; from November 2017, the first
#       month every service reported under the Ambulance Response Programme
#       standards (August - October 2017 cover only some services).
#   ctr_england                         <- data/criteria_to_reside_england_daily.csv:
#       monthly mean of the daily England total.
#
# usage: prepare-board-data.sh [SHARED_DATA_DIR]
# With SHARED_DATA_DIR (the open-data folder listed in data/PROVENANCE.md) the
# two bundled extracts are first refreshed from the original files:
#   ambsys_extract.csv: AmbSYS columns Year, Month, Region, Org Code, Org Name,
#     A7, A8, A25, A26, A31, A32, A35, A38 of every row, values unchanged;
#   criteria_to_reside_england_daily.csv: per date, the sum over ICBs of
#     do_not_meet_criteria_to_reside and the number of ICBs reporting.
# Numbers are printed with 17 significant digits (exact round trip), in the C locale.
set -eu
export LC_ALL=C
cd "$(dirname "$0")/../data"

if [ $# -ge 1 ]; then
    src=$1
    awk -F, 'BEGIN { OFS = "," }
    NR == 1 {
        n = split("Year,Month,Region,Org Code,Org Name,A7,A8,A25,A26,A31,A32,A35,A38", want, ",")
        for (i = 1; i <= NF; i++) col[$i] = i
        for (j = 1; j <= n; j++) if (!(want[j] in col)) { print "missing column " want[j] > "/dev/stderr"; exit 1 }
    }
    {
        line = ""
        for (j = 1; j <= n; j++) line = line (j > 1 ? "," : "") $(col[want[j]])
        print line
    }' "$src/ambulance_aqi_ambstat/AmbSYS_2017-08_to_2021-01.csv" > ambsys_extract.csv
    awk -F, 'NR > 1 {
        gsub(/"/, "")
        if ($3 == "NA" || $3 == "") next
        total[$2] += $3; icbs[$2]++
    }
    END {
        print "date,do_not_meet_criteria_to_reside,icbs"
        for (d in total) printf "%s,%d,%d\n", d, total[d], icbs[d]
    }' "$src/healthyr/england_icb_criteria_to_reside.csv" |
        { IFS= read -r h; echo "$h"; sort; } > criteria_to_reside_england_daily.csv
fi

{
    echo "metric,date,value"
    # A&E, England, type 1 departments.
    awk -F, 'NR > 1 {
        gsub(/"/, "")
        if ($3 != "1") next
        att[$1] += $4; br[$1] += $5
    }
    END {
        for (p in att) {
            printf "ae_4h_type1,%s,%.17g\n", p, (att[p] - br[p]) / att[p]
            printf "ae_type1_attendances,%s,%d\n", p, att[p]
        }
    }' ae_attendances.csv | sort -t, -k1,1 -k2,2
    # Ambulance response times, England, minutes.
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $(col["Org Code"]) == "Eng" {
        y = $(col["Year"]); m = $(col["Month"])
        if (y * 100 + m < 201711) next
        d = sprintf("%04d-%02d-01", y, m)
        n = split("amb_incidents:A7 amb_c1_mean:A25 amb_c1_p90:A26 amb_c2_mean:A31 amb_c2_p90:A32 amb_c3_p90:A35 amb_c4_p90:A38", spec, " ")
        for (j = 1; j <= n; j++) {
            split(spec[j], kv, ":")
            v = $(col[kv[2]])
            if (v == "." || v == "") { printf "%s,%s,\n", kv[1], d; continue }
            if (kv[1] == "amb_incidents") printf "%s,%s,%d\n", kv[1], d, v
            else printf "%s,%s,%.17g\n", kv[1], d, v / 60
        }
    }' ambsys_extract.csv | sort -t, -k1,1 -k2,2
    # Patients not meeting the criteria to reside: monthly mean of the daily England total.
    awk -F, 'NR > 1 { m = substr($1, 1, 7); s[m] += $2; n[m]++ }
    END { for (m in s) printf "ctr_england,%s-01,%.17g\n", m, s[m] / n[m] }' \
        criteria_to_reside_england_daily.csv | sort -t, -k1,1 -k2,2
} > board_data.csv
