"""Privacy notice pages."""

from datetime import date

from django.urls import reverse

from portal import services as core
from sharing.models import PrivacyNotice
from tests.helpers import client_for


def test_privacy_notice_pages_role_matrix(setup, child):
    link = core.person_add_to_child(
        actor=setup.north.social_worker,
        child=child,
        person=core.PersonDetails(first_name="Alex", last_name="Visitor"),
        relationship=core.RelationshipDetails(kind="significant_other", source="third_party", obtained_on=date.today()),
    )
    notice = link.privacy_notice
    url = reverse("sharing:privacy_notice_detail", args=[notice.pk])
    assert client_for(setup.north.social_worker).get(url).status_code == 200
    assert client_for(setup.north.cin_manager).get(url).status_code == 200
    assert client_for(setup.north.info_lead).get(url).status_code == 200
    assert client_for(setup.south.social_worker).get(url).status_code == 404
    # The lead information officer oversees but does not work on the child.
    response = client_for(setup.north.info_lead).post(
        url, {"action": "exempt", "exemption": "impossible", "justification": "x"}
    )
    assert response.status_code == 403
    listing = client_for(setup.north.social_worker).get(reverse("sharing:privacy_notice_list"))
    assert b"Alex Visitor" in listing.content
    assert (
        b"Alex Visitor" not in client_for(setup.south.social_worker).get(reverse("sharing:privacy_notice_list")).content
    )


def test_recording_a_privacy_exemption_through_the_page(setup, child):
    link = core.person_add_to_child(
        actor=setup.north.social_worker,
        child=child,
        person=core.PersonDetails(first_name="Alex", last_name="Visitor"),
        relationship=core.RelationshipDetails(kind="significant_other", source="third_party"),
    )
    url = reverse("sharing:privacy_notice_detail", args=[link.privacy_notice.pk])
    client = client_for(setup.north.social_worker)
    bad = client.post(url, {"action": "exempt", "exemption": "impair_purpose", "justification": ""})
    assert b"Justify why the exemption applies" in bad.content
    assert (
        client.post(
            url, {"action": "exempt", "exemption": "impair_purpose", "justification": "Would alert him"}
        ).status_code
        == 302
    )
    assert PrivacyNotice.objects.get().status == "exempt"
