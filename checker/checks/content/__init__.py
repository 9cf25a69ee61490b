"""`content.*`: is this the intended page (text, title), not a placeholder, and indexable."""
