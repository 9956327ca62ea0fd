awk -F, "NR == 1 || \$2 == \"HYP\" || \$2 == \"DM\"" "$DATA/qof_prevalence_imd_england.csv" > qof.csv
tandem inequality -i qof.csv --by group_code --quantile-col imd_decile --population list --numerator register \
    --value-type 2 --multiplier 100 --reps 10000 --seed 2019
