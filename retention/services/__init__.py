"""The only writers of retention (DESIGN §3): the weekly listing, the officer's decisions, legal holds."""

from retention.services.decisions import retention_dispose, retention_extend
from retention.services.holds import legal_hold_lift, legal_hold_place
from retention.services.listing import retention_list_due, retention_sweep

__all__ = [
    "legal_hold_lift",
    "legal_hold_place",
    "retention_dispose",
    "retention_extend",
    "retention_list_due",
    "retention_sweep",
]
