"""`tls.*`: the certificate an https target's host presents, judged through the flight."""
