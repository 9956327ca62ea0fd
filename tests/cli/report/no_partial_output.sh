# A failing run leaves existing outputs untouched and no temporary files.
echo keep > pack.html
echo keep > pack.xlsx
printf 'metric,date,value\na,2023-01-01,1\nb,2023-01-01,x\n' > data.csv
printf 'id,title,improvement\na,A,increase\nb,B,increase\n' > metrics.csv
tandem report -m metrics.csv -i data.csv -o pack.html --xlsx pack.xlsx
echo "exit $?"
cat pack.html pack.xlsx
ls
