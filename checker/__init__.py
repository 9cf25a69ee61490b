"""campaign-checker: is a marketing campaign ready to go live?"""

__version__ = "0.1.0"
