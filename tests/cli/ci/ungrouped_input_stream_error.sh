printf 'area,x,n\nA,1,10\nB,3,10\nA,2,10\n' > p.csv
tandem ci -m rate -i p.csv --by area --numerator x --denominator n --input-order grouped
