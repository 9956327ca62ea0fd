tandem report --help
