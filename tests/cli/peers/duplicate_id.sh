printf 'code,a\nA,1\nB,2\nA,4\n' > ctx.csv
tandem peers -i ctx.csv --id code --vars a
