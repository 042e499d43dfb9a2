"""``python -m sanctiongraph``: the command line, for checkouts without the console script."""

from sanctiongraph.cli import main

main()
