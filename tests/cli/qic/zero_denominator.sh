printf 'org,month,num,den\nA,2023-01-01,3,10\nA,2023-02-01,4,0\n' > in.csv
tandem qic --chart p -i in.csv --by org --date month --numerator num --denominator den
