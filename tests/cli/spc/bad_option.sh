tandem spc --valeu x
