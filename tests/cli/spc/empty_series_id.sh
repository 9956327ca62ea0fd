printf 'org,month,value\nA,2023-01-01,1\n,2023-02-01,2\n' > x.csv
tandem spc -i x.csv --by org --date month --value value
