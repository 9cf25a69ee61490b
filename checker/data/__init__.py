"""Packaged data files: placeholder-page signatures, dangling-CNAME hosting fingerprints and
the IANA RDAP bootstrap (see NOTICE.md)."""
