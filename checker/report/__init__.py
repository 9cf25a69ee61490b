"""The report stage: the report model, the campaign verdict, comparisons and merges,
notifications, and `formats/` (one module per output format)."""
