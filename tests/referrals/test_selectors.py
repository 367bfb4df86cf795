"""Who sees which referral and alert (DESIGN §5): the referrer, MAST of the authority, and those who
may see the child; nobody else."""

from portal import services as core
from portal.models import ChildAccessGrant
from referrals import selectors
from referrals.models import Outcome, Urgency
from tests.factories import UserFactory, join
from tests.referrals import factories
from tests.referrals.factories import health_child, sent, start


def visible(user, referral) -> bool:
    return selectors.referral_list_for_user(user=user).filter(pk=referral.pk).exists()


def test_a_draft_is_seen_by_its_maker_only(setup):
    draft = start(setup.health_visitor, health_child(setup))
    assert visible(setup.health_visitor, draft)
    for user in (setup.north.screener, setup.north.mast_manager, setup.north.social_worker):
        assert not visible(user, draft)


def test_a_sent_referral_is_seen_by_the_referrer_mast_and_those_who_may_see_the_child(setup):
    child = health_child(setup)
    referral = sent(setup, child=child)
    colleague = join(UserFactory(organisation=setup.health, roles=["practitioner"]), setup.health_team)

    assert visible(setup.health_visitor, referral)  # the referrer
    assert visible(setup.north.screener, referral)  # MAST of the child's authority
    assert visible(setup.north.mast_manager, referral)
    assert visible(colleague, referral)  # the child's allocated team sees it through the child
    for user in (
        setup.north.social_worker,
        setup.north.cin_manager,
        setup.north.caldicott,
        setup.south.screener,
        setup.south.social_worker,
    ):
        assert not visible(user, referral), user

    # Allocated to a north social worker later: they see it through the child.
    core.child_access_grant(
        child=child, basis=ChildAccessGrant.Basis.ALLOCATED_WORKER, level="edit", user=setup.north.social_worker
    )
    assert visible(setup.north.social_worker, referral)


def test_a_referrer_who_loses_the_child_still_sees_what_they_sent(setup):
    child = health_child(setup)
    referral = sent(setup, child=child)
    for grant in child.access_grants.filter(user=setup.health_visitor):
        core.child_access_revoke(grant=grant, revoked_by=None, reason="Moved on")
    for grant in child.access_grants.filter(team=setup.health_team):
        core.child_access_revoke(grant=grant, revoked_by=None, reason="Moved on")
    assert visible(setup.health_visitor, referral)


def test_the_queue_is_the_authoritys_open_referrals_most_urgent_first_then_by_due_date(setup):
    standard = sent(setup, concern={"urgency": Urgency.STANDARD})
    immediate = sent(setup, concern={"urgency": Urgency.IMMEDIATE})
    urgent = sent(setup, concern={"urgency": Urgency.URGENT})
    done = sent(setup, concern={"urgency": Urgency.IMMEDIATE})
    factories.screened(setup, done, outcome=Outcome.EARLY_HELP)
    queue = list(selectors.screening_queue_for_user(user=setup.north.screener))
    assert queue == [immediate, urgent, standard]
    assert list(selectors.screening_queue_for_user(user=setup.south.screener)) == []
    assert list(selectors.screening_queue_for_user(user=setup.health_visitor)) == []


def test_a_passed_referral_joins_the_other_authoritys_queue(setup):
    referral = sent(setup)
    factories.screened(setup, referral, outcome=Outcome.PASSED_TO_ANOTHER_AUTHORITY, passed_to=setup.south.org)
    assert list(selectors.screening_queue_for_user(user=setup.south.screener)) == [referral]
    assert list(selectors.screening_queue_for_user(user=setup.north.screener)) == []
    assert visible(setup.south.mast_manager, referral)
    assert not visible(setup.south.social_worker, referral)


def test_alerts_are_seen_by_the_sender_and_the_receiving_mast(setup):
    alert = factories.alert(setup)
    mine = selectors.alert_list_for_user
    assert alert in mine(user=setup.health_visitor)
    assert alert in mine(user=setup.north.screener)
    assert alert in selectors.open_alerts_for_mast(user=setup.north.screener)
    assert alert not in selectors.open_alerts_for_mast(user=setup.health_visitor)
    for user in (setup.south.screener, setup.north.social_worker, setup.north.caldicott):
        assert alert not in mine(user=user)


def test_a_referral_is_found_by_reference_only_by_those_who_may_see_it(setup):
    referral = sent(setup)
    found = selectors.referral_get_by_reference_for_user(
        user=setup.north.screener, reference=referral.reference.lower()
    )
    assert found == referral
    assert selectors.referral_get_by_reference_for_user(user=setup.south.screener, reference=referral.reference) is None
