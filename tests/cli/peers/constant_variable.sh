printf 'code,a,b\nA,1,5\nB,2,5\nC,4,5\n' > ctx.csv
tandem peers -i ctx.csv --id code --vars a,b
