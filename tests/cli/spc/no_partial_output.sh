# A failing run leaves an existing output file untouched and no temporary files.
echo keep > out.csv
printf 'org,month,value\nA,2023-01-01,1\nA,2023-02-01,x\n' > x.csv
tandem spc -i x.csv --by org --date month --value value -o out.csv
echo "exit $?"
cat out.csv
ls
