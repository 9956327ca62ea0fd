awk -F, "NR == 1 || \$1 == \"North\"" "$DATA/ineq_deciles.csv" > north.csv
tandem inequality -i north.csv --by area --quantile-col decile --population population --value value --se se \
    --confidence 99 --reps 1000 --seed 3
