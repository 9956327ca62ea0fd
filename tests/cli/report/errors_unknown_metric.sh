# A metric in the data that the metrics file does not define: named with its line; no file.
printf 'metric,date,value\nwait,2023-01-01,5\nwiat,2023-02-01,6\n' > data.csv
printf 'id,title,improvement\nwait,Wait,decrease\n' > metrics.csv
tandem report -m metrics.csv -i data.csv -o pack.html
echo "exit $?"
ls
