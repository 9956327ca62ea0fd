tandem qic --chart i -i "$DATA/qic_small.csv" --by org --date month --value value --no-screen --summary parts
