"""Pages: the child step (choosing a child or recording one, with the core's duplicate check; a
record held by another team is tests/referrals/test_matched_child.py)."""

from django.urls import reverse

from portal.models import Child
from tests.factories import make_child
from tests.helpers import client_for
from tests.referrals.pages import status


def test_a_referrer_without_permission_to_record_children_cannot_record_one(setup, draft):
    setup.health_visitor.groups.clear()
    assert status(setup.health_visitor, reverse("referrals:step_child_new", args=[draft.pk])) == 403


def test_a_duplicate_nhs_number_held_elsewhere_blocks_a_new_record_and_says_who_to_call(setup, draft):
    setup.north.org.phone = "01234 567890"
    setup.north.org.save()
    other = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Hidden", last_name="Zed")
    data = {
        "first_name": "Someone",
        "last_name": "Else",
        "nhs_number": other.nhs_number,
        "local_authority": setup.north.org.pk,
        "whereabouts_known": "yes",
        "tier": "2",
        "team": setup.health_team.pk,
    }
    response = client_for(setup.health_visitor).post(reverse("referrals:step_child_new", args=[draft.pk]), data)
    content = response.content.decode()
    assert "A child with this NHS number is already recorded" in content
    # The referrer is told who holds the record, and may refer it (tests/referrals/test_matched_child.py).
    assert "A record held by Children in Need, North Council matches the details you entered" in content
    assert other.last_name not in content.split('data-testid="duplicates"')[1].split("</ul>")[0]
    assert "01234 567890" in content
    assert Child.objects.filter(nhs_number=other.nhs_number).count() == 1


def test_a_possible_match_the_referrer_works_on_can_be_referred_instead(setup, draft, child):
    data = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "date_of_birth_0": str(child.date_of_birth.day),
        "date_of_birth_1": str(child.date_of_birth.month),
        "date_of_birth_2": str(child.date_of_birth.year),
        "local_authority": setup.north.org.pk,
        "whereabouts_known": "yes",
        "tier": "2",
        "team": setup.health_team.pk,
    }
    client = client_for(setup.health_visitor)
    content = client.post(reverse("referrals:step_child_new", args=[draft.pk]), data).content.decode()
    assert "Refer this child" in content
    assert Child.objects.filter(last_name=child.last_name).count() == 1
    response = client.post(reverse("referrals:step_child", args=[draft.pk]), {"child": child.pk})
    assert response.url == reverse("referrals:step_concern", args=[draft.pk])
