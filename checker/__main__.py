"""`python -m checker` runs the command-line interface."""

from checker.cli import main

if __name__ == "__main__":
    main()
