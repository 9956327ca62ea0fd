# SPEC: qic.missing - a subgroup whose rows are all missing is a missing
# point; qicharts2 sums the missing values of a several-row subgroup to 0.
printf 'month,falls\n2023-01-01,3\n2023-02-01,NA\n2023-02-01,NA\n2023-03-01,5\n2023-04-01,4\n' > in.csv
tandem qic --chart c -i in.csv --date month --value falls
