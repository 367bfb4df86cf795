"""Signing in and staying signed in: two-factor sign-in, lockout, the sign-in audit, sessions and
passwords. Its own app because it owns its own data (the audit) and pages; it imports `portal` (the
user) and `portal` imports nothing from it (the home page's "last signed in" comes through
`portal.extensions`)."""
