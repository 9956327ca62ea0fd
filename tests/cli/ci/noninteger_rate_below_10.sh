printf 'area,x,n\nA,12.5,100\nB,2.5,10\n' > p.csv
tandem ci -m rate -i p.csv --numerator x --denominator n
