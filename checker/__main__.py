"""`python -m checker` and the `campaign-check` console script.

`--version` is answered before click is imported: it runs in hooks and CI steps, and
importing click alone costs more than the answer. Every other argument list goes to the
click group of :mod:`checker.cli`.
"""

from __future__ import annotations

import sys

from checker import __version__

VERSION_FLAGS = (["--version"], ["-V"])
VERSION_LINE = f"campaign-check, version {__version__}"  # as click's version option says it


def run() -> None:
    """Run the command line on ``sys.argv``."""
    if sys.argv[1:] in VERSION_FLAGS:
        print(VERSION_LINE)
        return
    from checker.cli import main

    main()


if __name__ == "__main__":
    run()
