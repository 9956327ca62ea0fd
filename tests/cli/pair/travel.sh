# With coordinates: great-circle distance enters the cost; mentors over 100 km are left out
cat > out.csv <<'X'
code,x,n
A,80,200
B,70,200
C,10,200
D,12,200
E,11,200
X
cat > ctx.csv <<'X'
code,age,imd,lat,lon
A,20,5,51.5,-0.12
B,21,5,53.48,-2.24
C,20,6,51.45,-0.10
D,21,5,53.40,-2.20
E,22,4,52.48,-1.90
X
tandem pair -i out.csv --id code --numerator x --denominator n --improvement decrease \
    --context ctx.csv --vars age,imd --k-peers 4 --lat lat --lon lon --max-travel 100
