tandem funnel --help | head -n 3
