"""`content.share`: the card a social network shows for the page (`og:title`, `og:image`,
`twitter:image`). `probe` reads the tags and fetches each image once per run, `judge`
decides, `check` registers it."""
