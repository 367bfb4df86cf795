"""Issue 13: every screening outcome hands the child on. An assessment (s17) or strategy discussion
(s47) gives the child to the authority's Child in Need team, early help to its early help team, with
access and the level of need; the team manager allocates a worker from the "to allocate" list. No
further action, and information and advice, tell the referrer what happens next."""

import pytest

from portal import selectors as core_selectors
from portal import services as core
from portal.models import Child, Notification, Tier
from referrals.models import Outcome
from tests.referrals.factories import screened


def _child(referral) -> Child:
    return Child.objects.get(pk=referral.child_id)


@pytest.mark.parametrize(
    ("outcome", "team", "tier"),
    [
        (Outcome.CIN_ASSESSMENT, "cin", Tier.CHILD_IN_NEED),
        (Outcome.STRATEGY_DISCUSSION, "cin", Tier.CHILD_PROTECTION),
        (Outcome.EARLY_HELP, "early_help", Tier.EARLY_INTERVENTION),
    ],
)
def test_the_outcome_gives_the_child_to_the_team_that_acts_on_it(setup, referral, outcome, team, tier):
    screened(setup, referral, outcome=outcome)
    child = _child(referral)
    expected = getattr(setup.north, team)
    assert child.allocated_team == expected and child.allocated_worker is None
    assert child.tier == tier
    manager = setup.north.cin_manager if team == "cin" else None
    if manager is not None:
        assert core_selectors.child_list_for_user(user=manager).filter(pk=child.pk).exists()
        assert Notification.objects.filter(recipient=manager, subject__startswith="A child to allocate").exists()
    # The referrer keeps sight of the child they referred.
    assert core_selectors.child_list_for_user(user=setup.health_visitor).filter(pk=child.pk).exists()


def test_the_cin_manager_sees_the_child_to_allocate_and_allocates(setup, referral, client):
    screened(setup, referral, outcome=Outcome.CIN_ASSESSMENT)
    child = _child(referral)
    manager = setup.north.cin_manager
    client.force_login(manager)
    dashboard = client.get("/dashboard/").content.decode()
    assert "Children to allocate" in dashboard and child.full_name in dashboard
    listed = client.get("/children/?to_allocate=1").content.decode()
    assert child.full_name in listed

    core.child_allocate(actor=manager, child=child, team=setup.north.cin, worker=setup.north.social_worker)
    child.refresh_from_db()
    assert child.allocated_worker == setup.north.social_worker
    assert child.full_name not in client.get("/children/?to_allocate=1").content.decode()


@pytest.mark.parametrize("outcome", [Outcome.NO_FURTHER_ACTION, Outcome.INFORMATION_AND_ADVICE])
def test_no_further_action_or_advice_tells_the_referrer_what_happens_next(setup, referral, outcome):
    before = _child(referral)
    screened(setup, referral, outcome=outcome)
    child = _child(referral)
    assert child.allocated_team_id == before.allocated_team_id
    told = Notification.objects.get(recipient=setup.health_visitor, subject__startswith="Outcome of your MAST referral")
    assert "refer again if your concerns grow" in told.body
