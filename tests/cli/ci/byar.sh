printf 'o,n\n1,1\n9,1\n12.5,1\n' > c.csv
tandem ci -m byar -i c.csv --numerator o --denominator n --multiplier 1 --confidence 0.95
