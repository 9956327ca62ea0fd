printf 'org,month,value\nA,2023-01-01,1\nA,7,2\n' > x.csv
tandem spc -i x.csv --by org --date month --value value
