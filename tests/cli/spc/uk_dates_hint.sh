printf 'org,month,value\nA,01/02/2023,5\n' > x.csv
tandem spc -i x.csv --by org --date month --value value
