printf 'ward,month,num,den\nW1,2023-01-01,3,10\nW1,2023-02-01,12,10\n' > in.csv
tandem qic --chart p -i in.csv --by ward --date month --numerator num --denominator den
