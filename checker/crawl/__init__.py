"""Pure (no I/O) helpers for the microsite crawler: URLs, HTML/CSS link extraction, sitemaps."""
