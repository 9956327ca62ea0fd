# Weight 0 drops b (which is constant, so would otherwise be an error); ties go by code:
# W's peers are Z (distance 0) and then X and Y, both at distance 4: X first
printf 'code,a,b\nZ,2,7\nY,-2,7\nX,-2,7\nW,2,7\n' > ctx.csv
tandem peers -i ctx.csv --id code --vars a,b --weights 1,0 --k 2 --transform none --cap-sd 0
