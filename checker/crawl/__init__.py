"""The microsite crawler: a frontier over a Fetcher, link extraction from HTML and CSS,
sitemaps, and what each fetched URL's answer means."""
