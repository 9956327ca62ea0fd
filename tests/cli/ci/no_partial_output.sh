echo keep > out.csv
printf 'area,x,n\nA,3,10\nB,12,10\n' > p.csv
tandem ci -m proportion -i p.csv --numerator x --denominator n -o out.csv
echo "exit $?"
cat out.csv
ls
