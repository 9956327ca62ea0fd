printf 'area,x,n\nA,3,10\nB,-2,10\n' > p.csv
tandem ci -m rate -i p.csv --numerator x --denominator n
