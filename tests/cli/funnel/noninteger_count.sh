printf 'area,o,e\nA,3,2.5\nB,4.5,4\n' > f.csv
tandem funnel -s ratio -i f.csv --id area --numerator o --denominator e
