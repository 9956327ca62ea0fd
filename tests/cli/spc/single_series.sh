# Without --by the whole file is one series (here: series A only).
grep -e '^org' -e '^A,' "$DATA/spc_small.csv" > a.csv
tandem spc -i a.csv --date month --value value --improvement increase --target 12 --summary series
