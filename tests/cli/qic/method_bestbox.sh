# Runs analysis methods on three series of 24 points around a fixed line (n = 24:
# Anhoej run > 8 or crossings < 8; best box crossings >= 6 and run <= 7; cut box
# border crossings = 7).
tandem qic --chart run -i "$DATA/qic_box.csv" --by series --date t --value y --cl 0 --method bestbox --summary parts
