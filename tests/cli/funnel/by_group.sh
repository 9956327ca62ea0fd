printf 'ind,area,x,n\nI1,A,10,100\nI1,B,30,100\nI1,C,20,100\nI2,A,5,50\nI2,B,5,50\nI2,C,40,50\n' > f.csv
tandem funnel -s proportion -i f.csv --by ind --id area --numerator x --denominator n
