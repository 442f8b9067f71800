"""`python -m hoso` runs the CLI."""

from hoso.cli import main

main()
