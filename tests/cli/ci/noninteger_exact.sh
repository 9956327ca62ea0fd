printf 'area,x,n\nA,3,10\nB,2.5,10\n' > p.csv
tandem ci -m exact -i p.csv --numerator x --denominator n
