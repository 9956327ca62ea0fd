printf 'area,x,n\nA,3,10\nB,"1,5",10\n' > p.csv
tandem ci -m proportion -i p.csv --numerator x --denominator n
