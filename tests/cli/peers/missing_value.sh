printf 'code,a,b\nA,1,2\nB,NA,3\nC,4,5\n' > ctx.csv
tandem peers -i ctx.csv --id code --vars a,b
