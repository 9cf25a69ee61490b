"""`dns.*`: what DNS says about a target's host (records, dangling CNAMEs)."""
