# --delimiter (both files), --date-format dmy (data and rebase dates) and --na give the
# same pack as the ISO, comma-separated original.
tandem report -m "$DATA/report_metrics.csv" -i "$DATA/report_data.csv" -o iso.html
awk -F, 'BEGIN { OFS = ";" } NR > 1 && $3 == "" { $3 = "n/a" } NR > 1 { split($2, d, "-"); $2 = d[3] "/" d[2] "/" d[1] } { $1 = $1; print }' \
    "$DATA/report_data.csv" > data.csv
sed 's/2023-01-01/01\/01\/2023/' "$DATA/report_metrics.csv" | python3 -c '
import csv, sys
w = csv.writer(sys.stdout, delimiter=";", lineterminator="\n")
for row in csv.reader(sys.stdin):
    w.writerow(row)' > metrics.csv
tandem report -m metrics.csv -i data.csv --delimiter ';' --date-format dmy --na 'n/a,NA,.' -o dmy.html
echo "exit $?"
cmp iso.html dmy.html && echo "identical"
tandem report -m metrics.csv -i data.csv --delimiter ';' -o x.html
echo "exit $?"
