printf 'area,x,n\nA,3,10\nB,12,10\nC,1,10\n' > p.csv
tandem ci -m proportion -i p.csv --numerator x --denominator n
