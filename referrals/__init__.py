"""MAST referrals: MAST referrals, screening and alerts to MAST.

DESIGN §4; its models arrive with its own issue.
"""
