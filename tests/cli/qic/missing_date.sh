printf 'month,y\n2023-01-01,3\n,4\n' > in.csv
tandem qic --chart run -i in.csv --date month --value y
