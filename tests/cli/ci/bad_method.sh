tandem ci -m ratio -i "$DATA/ind_proportions.csv"
