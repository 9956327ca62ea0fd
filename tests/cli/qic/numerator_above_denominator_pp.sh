printf 'month,num,den\n2023-01-01,3,10\n2023-02-01,11,10.5\n' > in.csv
tandem qic --chart pp -i in.csv --date month --numerator num --denominator den
