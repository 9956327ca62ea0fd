awk -F, "NR == 1 || \$2 == \"HYP\"" "$DATA/qof_prevalence_imd_england.csv" > qof.csv
tandem inequality -i qof.csv --by group_code --quantile-col imd_decile --population list --numerator register \
    --value-type 2 --reps 0 --summary quantiles
