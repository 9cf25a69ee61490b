"""The offline world: loopback DNS, HTTP and HTTPS servers for tests and ``campaign-check demo``."""
