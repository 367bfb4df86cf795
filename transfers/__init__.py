"""Transfers: Child-in-Need cross-border transfers and transfer requests (DESIGN §4).

Early Intervention plan moves are their own app, `early_intervention`.
"""
