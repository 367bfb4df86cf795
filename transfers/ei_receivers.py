"""When a move's follow-up referral is sent, the move is complete. `referrals` knows nothing of
moves (DESIGN §3), so transfers listens for the referral being saved; the sweep catches up on any
moment this missed."""

from referrals.models import MastReferral


def referral_saved(sender, instance: MastReferral, **kwargs) -> None:
    if instance.status == MastReferral.Status.DRAFT or kwargs.get("raw"):
        return
    from transfers import ei_services

    ei_services.move_referral_sent(referral=instance)
