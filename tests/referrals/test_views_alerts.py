"""Pages: alerts to MAST, for every role, raised and acted on through the pages, and a flat list."""

from django.urls import reverse

from referrals.models import MastAlert
from tests.helpers import client_for, queries_to_get
from tests.referrals import factories
from tests.referrals.pages import status


def test_alert_pages_role_matrix(setup):
    alert = factories.alert(setup)
    assert status(setup.health_visitor, reverse("referrals:alert_list")) == 200
    assert status(setup.north.screener, reverse("referrals:alert_list")) == 200
    assert status(setup.north.caldicott, reverse("referrals:alert_list")) == 403
    assert status(setup.health_visitor, reverse("referrals:alert_new")) == 200
    assert status(setup.north.caldicott, reverse("referrals:alert_new")) == 403

    detail = alert.get_absolute_url()
    assert status(setup.health_visitor, detail) == 200
    assert status(setup.north.screener, detail) == 200
    assert status(setup.south.screener, detail) == 404
    assert status(setup.north.social_worker, detail) == 404
    assert status(setup.health_visitor, detail, "post", {"action": "acknowledge"}) == 403

    link = reverse("referrals:alert_link_child", args=[alert.pk])
    assert status(setup.north.screener, link) == 200
    assert status(setup.health_visitor, link) == 403
    assert status(setup.south.screener, link) == 404


def test_raising_an_alert_through_the_page(setup):
    client = client_for(setup.health_visitor)
    response = client.post(
        reverse("referrals:alert_new"),
        {"kind": "cin_moved_in", "authority": setup.north.org.pk, "child_last_name": "Newcombe", "what_is_known": ""},
    )
    content = response.content.decode()
    assert "Enter the child&#x27;s first and last name, or choose their record" in content
    assert "Say what you know about the move" in content
    assert 'value="Newcombe"' in content
    response = client.post(
        reverse("referrals:alert_new"),
        {
            "kind": "cin_moved_in",
            "authority": setup.north.org.pk,
            "child_first_name": "Robin",
            "child_last_name": "Newcombe",
            "what_is_known": "Moved from Westshire.",
        },
    )
    alert = MastAlert.objects.get()
    assert response.url == alert.get_absolute_url()
    # Social care's form offers only the alert social care raises.
    form = client_for(setup.south.social_worker).get(reverse("referrals:alert_new")).content.decode()
    assert "whereabouts_unknown" in form and "cin_moved_in" not in form


def test_mast_links_an_alert_to_a_child_and_a_referral_through_the_pages(setup, child, referral):
    alert = factories.alert(setup, child_first_name="Ada", child_last_name="Referred")
    client = client_for(setup.north.screener)
    response = client.post(reverse("referrals:alert_link_child", args=[alert.pk]), {"name": "Ada Referred"})
    assert b"Ada Referred" in response.content and b"1 matching child" in response.content
    assert client.post(reverse("referrals:alert_link_child", args=[alert.pk]), {"child": child.pk}).status_code == 302
    response = client.post(alert.get_absolute_url(), {"action": "link_referral", "reference": "MAST-1999-000001"})
    assert b"No referral you can see has this reference number" in response.content
    response = client.post(alert.get_absolute_url(), {"action": "link_referral", "reference": referral.reference})
    assert response.status_code == 302
    response = client.post(alert.get_absolute_url(), {"action": "close", "action_taken": ""})
    assert b"Say what MAST did about the alert" in response.content
    client.post(alert.get_absolute_url(), {"action": "close", "action_taken": "Requested the CIN plan."})
    alert.refresh_from_db()
    assert (alert.child, alert.referral, alert.status) == (child, referral, "closed")


def test_the_alert_list_query_count_is_flat(setup):
    client = client_for(setup.north.screener)
    url = reverse("referrals:alert_list")
    factories.alert(setup)
    few = queries_to_get(client, url)
    for _ in range(8):
        factories.alert(setup)
    assert queries_to_get(client, url) == few
