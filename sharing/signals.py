"""What information governance announces to the workflow apps, which it does not import (DESIGN §3)."""

from django.dispatch import Signal

# Sent inside the withdrawing transaction, with `consent` (the ConsentRecord, now withdrawn) and
# `actor`: a workflow relying on that consent changes course in the same transaction.
consent_withdrawn = Signal()
