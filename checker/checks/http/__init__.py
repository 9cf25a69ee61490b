"""`http.*`: the redirect chain, the final status, https, the final URL, the query, latency."""
