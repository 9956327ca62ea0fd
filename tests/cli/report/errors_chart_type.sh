# An unknown chart type.
printf 'metric,date,value\nwait,2023-01-01,5\n' > data.csv
printf 'id,title,improvement,chart\nwait,Wait,decrease,pchart\n' > metrics.csv
tandem report -m metrics.csv -i data.csv -o pack.html
echo "exit $?"
ls
