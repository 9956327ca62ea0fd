# OpenPrescribing-style saving at the 10th centile, two levels, no intervals, JSON
cat > m.csv <<'X'
practice,items,patients
P1,30,1000
P2,10,1000
P3,50,2000
P4,5,500
P5,NA,800
X
cat > lk.csv <<'X'
practice,pcn,icb
P1,N1,I1
P2,N1,I1
P3,N2,I1
P4,N2,I1
P9,N3,I2
X
tandem opportunity -i m.csv --id practice --numerator items --denominator patients \
    --improvement decrease --benchmark centile:10 --simulations 0 \
    --lookup lk.csv --levels pcn,icb -f json -v
