tandem ci --help | head -n 3
