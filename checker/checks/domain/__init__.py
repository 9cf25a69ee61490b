"""`domain.expiry`: is the registrable domain of each manifest host registered through the
flight? `probe` asks RDAP once per domain per run, `judge` decides, `check` registers it."""
