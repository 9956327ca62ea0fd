: > x.csv
tandem spc -i x.csv --by org --date month --value value
