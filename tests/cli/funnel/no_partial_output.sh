echo keep > out.csv
echo keep > limits.csv
printf 'area,x,n\nA,3,10\nB,12,10\n' > f.csv
tandem funnel -s proportion -i f.csv --id area --numerator x --denominator n -o out.csv --limits limits.csv
echo "exit $?"
cat out.csv limits.csv
ls
