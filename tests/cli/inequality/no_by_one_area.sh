awk -F, "NR == 1 || \$1 == \"North\"" "$DATA/ineq_deciles.csv" | cut -d, -f2- > north.csv
tandem inequality -i north.csv --quantile-col decile --population population --value value --se se --reps 0
