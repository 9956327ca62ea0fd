tandem spc -i nope.csv --date month --value value
