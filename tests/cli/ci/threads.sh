printf 'area,x,n\nA,1,10\nB,3,10\nA,2,10\nC,4,10\n' > p.csv
tandem ci -m rate -i p.csv --by area --numerator x --denominator n --confidence 0.95 --threads 1 > one.csv
tandem ci -m rate -i p.csv --by area --numerator x --denominator n --confidence 0.95 --threads 2 > two.csv
cmp one.csv two.csv && cat two.csv
tandem ci -m rate -i p.csv --by area --numerator x --denominator n --threads 3
