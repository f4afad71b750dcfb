"""``python -m shiftwatch`` runs the CLI."""

from shiftwatch.cli import main

main()
