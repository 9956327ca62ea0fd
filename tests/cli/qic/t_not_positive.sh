printf 'unit,event,days\nX,1,12\nX,2,0\n' > in.csv
tandem qic --chart t -i in.csv --by unit --date event --value days
