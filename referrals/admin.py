"""Nothing about a child is in the Django admin (issue 11): this app's records are read through the
portal's own pages, where every read is checked against its basis and logged in the child's access
log, and changed only through its services. The admin is for running the portal (organisations,
teams, accounts, reference data), not a way around the ledger."""
