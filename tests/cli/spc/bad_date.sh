printf 'org,month,value\nA,2023-01-01,1\nA,2023-02-30,2\n' > x.csv
tandem spc -i x.csv --by org --date month --value value
