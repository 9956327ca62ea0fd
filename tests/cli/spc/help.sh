tandem spc --help | head -n 3
