"""`qr.decode`: the QR code in the manifest's image encodes the target's URL."""
