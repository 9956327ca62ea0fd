grep '^B' "$DATA/qic_small.csv" | sed '1i org,month,value,num,den,new_part,excl' | tandem qic --chart c --date month --value num
