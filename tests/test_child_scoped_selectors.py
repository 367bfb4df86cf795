"""A list selector narrowed to one child (`child_id=`, issue 14) pushes the child into its permission
filter for speed; it must show exactly what the whole list shows for that child, to every user."""

import pytest

from early_intervention.selectors import move_list_for_user
from meetings.selectors import meeting_list_for_user
from portal.models import Child, User
from portal.selectors import child_list_for_user
from referrals import services
from referrals.selectors import alert_list_for_user, referral_list_for_user
from sharing.selectors import decision_list_for_user
from tests.access_world import build_world
from tests.referrals.factories import alert
from transfers.selectors import transfer_list_for_user

SELECTORS = [
    child_list_for_user,
    referral_list_for_user,
    alert_list_for_user,
    transfer_list_for_user,
    move_list_for_user,
    decision_list_for_user,
    meeting_list_for_user,
]


def _whole_list_for_child(selector, user, child):
    rows = selector(user=user)
    field = "pk" if rows.model is Child else "child_id"
    return set(rows.filter(**{field: child.pk}).values_list("pk", flat=True))


@pytest.mark.parametrize("selector", SELECTORS, ids=lambda s: s.__name__)
def test_a_list_narrowed_to_one_child_shows_what_the_whole_list_shows_for_that_child(setup, selector):
    world = build_world(setup)
    # An alert about a child, which MAST linked to the child's record.
    services.alert_link_child(actor=setup.north.screener, alert=alert(setup), child=world.referral.child)
    children = list(Child.objects.all())
    users = list(User.objects.all())
    assert len(children) > 2 and len(users) > 10
    shown_somewhere = 0
    for user in users:
        for child in children:
            narrowed = set(selector(user=user, child_id=child.pk).values_list("pk", flat=True))
            assert narrowed == _whole_list_for_child(selector, user, child), (user.username, child.pk)
            shown_somewhere += bool(narrowed)
    # The world has records of this kind that someone may see, so the comparison means something.
    assert shown_somewhere
