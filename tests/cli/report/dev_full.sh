# A full disk is an I/O error (exit 3), for the HTML and for the workbook.
tandem report -m "$DATA/report_metrics.csv" -i "$DATA/report_data.csv" -o /dev/full
echo "exit $?"
tandem report -m "$DATA/report_metrics.csv" -i "$DATA/report_data.csv" -o pack.html --xlsx /dev/full
echo "exit $?"
ls
