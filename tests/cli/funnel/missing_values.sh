printf 'area,x,n\nA,30,100\nB,NA,100\nC,50,100\nD,*,100\n' > f.csv
tandem funnel -s proportion -i f.csv --id area --numerator x --denominator n
