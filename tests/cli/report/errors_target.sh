# A target that is not a number (a percent sign: tandem does not guess).
printf 'metric,date,value\nae,2023-01-01,0.9\n' > data.csv
printf 'id,title,improvement,target,format\nae,A&E 4 hours,increase,95%%,percent\n' > metrics.csv
tandem report -m metrics.csv -i data.csv -o pack.html
echo "exit $?"
ls
