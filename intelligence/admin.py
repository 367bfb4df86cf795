"""Nothing to administer by hand: intelligence is written only through its services, and its
access is decided by team membership (DESIGN §5)."""
