printf 'org,month,value\nA,2023-01-01,1\n"A,2023-02-01,2\nA,2023-03-01,3\n' > x.csv
tandem spc -i x.csv --by org --date month --value value
