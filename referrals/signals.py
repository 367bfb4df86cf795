"""Events referrals announces for other apps, which `referrals` does not import (DESIGN §3).

Receivers run inside the sender's transaction, so what they record stands or falls with it.
"""

from django.dispatch import Signal

# A referral left draft and was sent to MAST. Sent once per referral, with referral=..., actor=...
referral_sent = Signal()
