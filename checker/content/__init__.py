"""What a fetched thing means: parsed pages, placeholder and hosting fingerprints,
robots.txt rules, QR codes."""
