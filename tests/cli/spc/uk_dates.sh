# Day-first dates are read only when asked for, and written back as ISO.
printf 'org;month;value\nA;01/02/2023;5\nA;1/1/2023;4\nA;01/03/2023 00:00:00;6\n' > x.csv
tandem spc -i x.csv --delimiter ';' --by org --date month --value value --date-format dmy
