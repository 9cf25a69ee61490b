"""`domain.expiry`: is the registrable domain of each manifest host registered through the
flight? `rdap` asks RDAP once per domain per run, `probe` names the hosts, `judge` decides."""
