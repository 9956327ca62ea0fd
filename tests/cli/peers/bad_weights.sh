tandem peers -i ctx.csv --id code --vars a,b,c --weights 1,2
