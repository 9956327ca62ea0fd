printf 'org,month,value\nA,2023-02-01T00:00:00Z,5\nA,2023-01-01 00:00:00,4\nA,2023-03-01 00:00,6\n' > x.csv
tandem spc -i x.csv --by org --date month --value value --summary series
