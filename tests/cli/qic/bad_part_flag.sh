printf 'month,y,part\n2023-01-01,3,0\n2023-02-01,4,2\n' > in.csv
tandem qic --chart i -i in.csv --date month --value y --part-col part
