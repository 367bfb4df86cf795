"""`referrals.signals.referral_sent`: other workflows learn that a referral was sent without
listening to the referrals model's saves. It is sent once, inside the sending's transaction."""

import pytest

from portal.services import InvalidTransition
from referrals import services
from referrals.models import MastReferral
from referrals.signals import referral_sent
from tests.referrals.factories import fill, health_child, start


@pytest.fixture
def heard():
    calls: list[dict] = []

    def receiver(sender, **kwargs):
        calls.append({"sender": sender, **kwargs, "status": kwargs["referral"].status})

    referral_sent.connect(receiver, dispatch_uid="tests.referral_sent")
    yield calls
    referral_sent.disconnect(dispatch_uid="tests.referral_sent")


def test_sending_a_referral_announces_it_once_inside_the_transaction(setup, heard):
    referrer = setup.health_visitor
    referral = fill(start(referrer, health_child(setup)), referrer)
    assert heard == []  # drafts are saved many times; none of those is a sending

    sent = services.referral_submit(actor=referrer, referral=referral)
    assert len(heard) == 1
    call = heard[0]
    assert call["sender"] is MastReferral
    assert call["referral"].pk == sent.pk and call["actor"] == referrer
    assert call["status"] == MastReferral.Status.SUBMITTED

    with pytest.raises(InvalidTransition):
        services.referral_submit(actor=referrer, referral=sent)
    assert len(heard) == 1


def test_a_receiver_that_fails_leaves_the_referral_unsent(setup):
    """Inside the transaction: what a receiver records stands or falls with the sending."""
    referrer = setup.health_visitor
    referral = fill(start(referrer, health_child(setup)), referrer)

    def failing(sender, **kwargs):
        raise RuntimeError("the receiving workflow could not record it")

    referral_sent.connect(failing, dispatch_uid="tests.failing")
    try:
        with pytest.raises(RuntimeError):
            services.referral_submit(actor=referrer, referral=referral)
    finally:
        referral_sent.disconnect(dispatch_uid="tests.failing")
    assert MastReferral.objects.get(pk=referral.pk).status == MastReferral.Status.DRAFT
