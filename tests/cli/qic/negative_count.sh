printf 'month,falls\n2023-01-01,3\n2023-02-01,-1\n' > in.csv
tandem qic --chart c -i in.csv --date month --value falls
