# Byte-identical output from run to run (HTML and workbook), from stdin and files alike.
tandem report -m "$DATA/report_metrics.csv" -i "$DATA/report_data.csv" -o a.html --xlsx a.xlsx --report-date 2025-09-30
sleep 1
tandem report -m "$DATA/report_metrics.csv" --report-date 2025-09-30 --xlsx b.xlsx < "$DATA/report_data.csv" > b.html
cmp a.html b.html && echo "html identical"
cmp a.xlsx b.xlsx && echo "xlsx identical"
# Rows in another order (not grouped by metric) give the same pack.
{ head -n 1 "$DATA/report_data.csv"; tail -n +2 "$DATA/report_data.csv" | sort -t, -k2,2 -k1,1; } > shuffled.csv
tandem report -m "$DATA/report_metrics.csv" -i shuffled.csv -o c.html --report-date 2025-09-30
cmp a.html c.html && echo "order-independent"
grep -c 'Report date: 2025-09-30' a.html
