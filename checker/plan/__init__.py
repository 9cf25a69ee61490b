"""The plan stage: campaigns expanded into targets, with every setting resolved."""
