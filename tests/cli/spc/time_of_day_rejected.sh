printf 'org,month,value\nA,2023-02-01T09:30:00,5\n' > x.csv
tandem spc -i x.csv --by org --date month --value value
