"""`content.share`: the card a social network shows for the page (`og:title`, `og:image`,
`twitter:image`). `images` reads the tags and fetches each image once per run, `probe`
gathers a landing page's, `judge` decides and registers the check."""
