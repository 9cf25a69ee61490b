"""The network layer: DNS, connections and TLS, the HTTP client, redirects, URLs."""
