tandem inequality -i x.csv --score s --quantiles 10 --population p --value v --se s
