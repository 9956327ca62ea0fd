printf 'code,a\nA,1\nB,1,5\n' > ctx.csv
printf 'code,a\nA,1\nB,one\nC,2\n' > ctx.csv
tandem peers -i ctx.csv --id code --vars a
