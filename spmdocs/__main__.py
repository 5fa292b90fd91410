"""Allow ``python -m spmdocs``."""

from spmdocs.cli import run

run()
