"""``python -m harness`` — the same as the ``fact-harness`` command."""

import sys

try:
    from harness.cli import main
except ModuleNotFoundError as exc:  # run from a checkout whose dependencies were never installed
    if exc.name is None or exc.name.split(".")[0] == "harness":
        raise
    print(f"error: fact-harness needs the package {exc.name!r}, which is not installed in this Python "
          f"({sys.executable}); install fact-harness first: pip install .  (from the checkout)", file=sys.stderr)
    sys.exit(2)

main()
