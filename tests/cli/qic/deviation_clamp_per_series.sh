# SPEC: qic.yneg - the clamp of negative lower limits looks at each series
# alone; qicharts2 clamps only when no value of any facet is negative.
printf 'g,t,y\nA,1,1\nA,2,5\nA,3,2\nA,4,6\nB,1,-1\nB,2,5\nB,3,2\nB,4,6\n' > in.csv
tandem qic --chart i -i in.csv --by g --date t --value y --clamp-lcl --summary parts
