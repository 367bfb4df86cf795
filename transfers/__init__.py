"""Transfers: Child-in-Need cross-border transfers and Early Intervention plan moves.

DESIGN §4; its models arrive with its own issue.
"""
