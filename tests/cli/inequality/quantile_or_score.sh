tandem inequality -i x.csv --population p --numerator n --value-type 2
