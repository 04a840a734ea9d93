"""Run the command line with ``python -m nabij``."""

from nabij.cli.app import main

main()
