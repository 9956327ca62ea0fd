# Other definition mistakes, each named with metric and line.
printf 'metric,date,value\na,2023-01-01,1\na,2023-02-01,2\n' > data.csv
printf 'id,title,improvement\na,A,upwards\n' > m1.csv
tandem report -m m1.csv -i data.csv -o pack.html; echo "exit $?"
printf 'id,title,improvement\na,A,increase\na,Again,decrease\n' > m2.csv
tandem report -m m2.csv -i data.csv -o pack.html; echo "exit $?"
printf 'id,title,improvement,rebase\na,A,increase,2024-01-01\n' > m3.csv
tandem report -m m3.csv -i data.csv -o pack.html; echo "exit $?"
printf 'id,title,improvement,rebase\na,A,increase,March\n' > m4.csv
tandem report -m m4.csv -i data.csv -o pack.html; echo "exit $?"
printf 'id,title,improvement,baseline\na,A,increase,6\n' > m5.csv
tandem report -m m5.csv -i data.csv -o pack.html; echo "exit $?"
printf 'id,title,improvement,format\na,A,increase,ratio\n' > m6.csv
tandem report -m m6.csv -i data.csv -o pack.html; echo "exit $?"
printf 'id,title\na,A\n' > m7.csv
tandem report -m m7.csv -i data.csv -o pack.html; echo "exit $?"
printf 'id,title,improvement\n' > m8.csv
tandem report -m m8.csv -i data.csv -o pack.html; echo "exit $?"
printf 'id,title,improvement\n,A,increase\n' > m9.csv
tandem report -m m9.csv -i data.csv -o pack.html; echo "exit $?"
ls pack.html 2>/dev/null || echo "no pack.html"
