# Two tight clusters and a loner: stable peers inside the clusters, unstable for the loner
printf 'code,a,b\nA,1,1\nB,1.1,1\nC,1,1.2\nD,9,9\nE,9.2,9\nF,9,9.1\nG,5,2\n' > ctx.csv
tandem peers -i ctx.csv --id code --vars a,b --k 2 --stability 50 --seed 7
