printf 'ageband,stdpop\n0-44,60\n45+,40\n' > sp.csv
printf 'area,band,deaths,pop\nA,0-44,5,1000\nA,45+,30,500\nB,0-44,1,800\nB,45+,9,700\n' > d.csv
tandem ci -m dsr -i d.csv --by area --ageband band --numerator deaths --denominator pop --stdpop sp.csv --multiplier 1000 --confidence 0.95
