"""`crawl.*`: a microsite's pages, links, assets and fragments, and a target per broken URL."""
