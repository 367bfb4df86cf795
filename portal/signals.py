"""Domain events the core announces for other apps (which `portal` does not import).

Receivers run inside the sender's transaction, so what they record stands or falls with it.
"""

from django.dispatch import Signal

# A relationship between a child and a person was recorded. Sent with relationship=..., actor=...
relationship_recorded = Signal()
