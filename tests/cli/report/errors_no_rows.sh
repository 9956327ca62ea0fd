# A defined metric without a row in the data.
printf 'metric,date,value\nwait,2023-01-01,5\n' > data.csv
printf 'id,title,improvement\nwait,Wait,decrease\nbeds,Beds,increase\n' > metrics.csv
tandem report -m metrics.csv -i data.csv -o pack.html --xlsx pack.xlsx
echo "exit $?"
ls
