"""Packaged data files: placeholder-page signatures and dangling-CNAME hosting fingerprints."""
