printf 'o,n\n0,1\n1,1\n9,1\n12,1\n' > c.csv
tandem ci -m exact -i c.csv --numerator o --denominator n --multiplier 1 --confidence 0.95
