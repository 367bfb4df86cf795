"""When a move's follow-up referral is sent, the move is complete. `referrals` knows nothing of
moves (DESIGN §3): it announces `referrals.signals.referral_sent`, and this listens. The sweep
catches up on any moment this missed."""

from early_intervention import services


def on_referral_sent(sender, *, referral, **kwargs) -> None:
    services.move_referral_sent(referral=referral)


def on_consent_withdrawn(sender, *, consent, actor, **kwargs) -> None:
    """Consent an agreed transfer plan rested on is withdrawn: the move takes the no-consent branch."""
    services.move_consent_withdrawn(consent=consent, actor=actor)
