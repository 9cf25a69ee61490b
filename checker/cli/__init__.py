"""Command line: click commands that turn options into objects and exit codes."""

from checker.cli.main import main

__all__ = ["main"]
