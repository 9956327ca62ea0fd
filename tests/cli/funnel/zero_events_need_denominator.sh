printf 'area,x,rate\nA,30,120\nB,0,0\n' > f.csv
tandem funnel -s rate -i f.csv --id area --numerator x --rate rate
