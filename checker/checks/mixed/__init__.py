"""`content.mixed` and `crawl.mixed`: https pages loading content over plain http://.
`checker.crawl.mixed` finds it (for the landing page and for every crawled page), `judge`
decides and registers both."""
