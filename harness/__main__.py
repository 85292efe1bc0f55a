"""``python -m harness`` — the same as the ``fact-harness`` command."""

from harness.cli import main

main()
