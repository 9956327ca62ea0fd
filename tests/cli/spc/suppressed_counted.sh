printf 'org,month,value\nA,2023-01-01,1\nA,2023-02-01,*\nA,2023-03-01,NA\nA,2023-04-01,[c]\nA,2023-05-01,4\n' > x.csv
tandem spc -i x.csv --by org --date month --value value --summary series
