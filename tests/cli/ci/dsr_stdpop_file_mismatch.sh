printf 'ageband,stdpop\n0-49,60\n50+,40\n' > sp.csv
tandem ci -m dsr -i "$DATA/ind_dsr.csv" --by area_code --ageband ageband --numerator numerator --denominator denominator --stdpop sp.csv
