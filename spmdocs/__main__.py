"""Allow ``python -m spmdocs``."""

from spmdocs.cli import main

main()
