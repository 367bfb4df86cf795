"""Information governance: consent, sharing decisions, lawful bases, legal gateways, agreements, privacy notices.

DESIGN §4; its models arrive with its own issue.
"""
