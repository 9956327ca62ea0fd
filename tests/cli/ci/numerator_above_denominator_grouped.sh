printf 'area,x,n\nA,3,10\nA,12,10\n' > p.csv
tandem ci -m proportion -i p.csv --by area --numerator x --denominator n
