# Usage errors exit 2.
tandem report -i x.csv; echo "exit $?"
tandem report -m x.csv --report-date 30/09/2025; echo "exit $?"
tandem report -m x.csv -o a.html --xlsx a.html; echo "exit $?"
tandem report -m missing.csv; echo "exit $?"
