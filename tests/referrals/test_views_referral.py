"""Pages: the referrals home, a referral's page and a child's referrals: every role (200 / 403 /
404), and flat query counts on the lists."""

from django.urls import reverse
from django.utils import timezone

from referrals.models import Outcome
from tests.helpers import client_for, queries_to_get
from tests.referrals.factories import health_child, sent, start
from tests.referrals.pages import status


def test_referrals_home_role_matrix(setup):
    url = reverse("referrals:home")
    assert status(setup.health_visitor, url) == 200
    assert status(setup.north.screener, url) == 200
    assert status(setup.north.caldicott, url) == 403
    assert status(setup.north.info_lead, url) == 403


def test_referral_detail_role_matrix(setup, referral):
    url = referral.get_absolute_url()
    assert status(setup.health_visitor, url) == 200
    assert status(setup.north.screener, url) == 200
    assert status(setup.north.mast_manager, url) == 200
    for user in (setup.south.screener, setup.north.social_worker, setup.north.caldicott, setup.north.cin_manager):
        assert status(user, url) == 404, user


def test_the_referrer_sees_the_outcome_but_not_masts_checks(setup, referral):
    services_screen(setup, referral)
    referrer_page = client_for(setup.health_visitor).get(referral.get_absolute_url()).content.decode()
    mast_page = client_for(setup.north.screener).get(referral.get_absolute_url()).content.decode()
    assert "Strategy discussion (s47)" in referrer_page and "Strategy discussion (s47)" in mast_page
    assert "GP surgery" in mast_page
    assert "GP surgery" not in referrer_page


def services_screen(setup, referral):
    from referrals import services

    services.screening_start(actor=setup.north.screener, referral=referral)
    services.screening_check_record(
        actor=setup.north.screener,
        referral=referral,
        details=services.CheckDetails(agency="GP surgery", checked_on=timezone.localdate(), information="Known."),
    )
    services.screening_outcome_record(
        actor=setup.north.screener, referral=referral, outcome=Outcome.STRATEGY_DISCUSSION, reasons="Harm likely."
    )


def test_child_referrals_role_matrix(setup, child, referral):
    url = reverse("referrals:child_referrals", args=[child.pk])
    response = client_for(setup.health_visitor).get(url)
    assert response.status_code == 200 and referral.reference.encode() in response.content
    assert status(setup.north.screener, url) == 200
    assert status(setup.south.social_worker, url) == 404
    assert status(setup.north.caldicott, url) == 404


def test_navigation_and_child_page_links(setup, child):
    home = client_for(setup.health_visitor).get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("referrals:home")}"' in home
    assert f'href="{reverse("referrals:home")}"' not in client_for(setup.north.caldicott).get("/").content.decode()
    page = client_for(setup.health_visitor).get(child.get_absolute_url()).content.decode()
    assert reverse("referrals:start_for_child", args=[child.pk]) in page
    assert reverse("referrals:child_referrals", args=[child.pk]) in page


def test_the_decision_to_share_is_in_the_childs_sharing_log_for_those_who_see_the_referral(setup, child, referral):
    decision_url = reverse("sharing:decision_detail", args=[referral.sharing_decision.pk])
    log_url = reverse("sharing:child_log", args=[child.pk])
    for user in (setup.health_visitor, setup.north.screener):
        assert decision_url in client_for(user).get(referral.get_absolute_url()).content.decode()
        assert status(user, decision_url) == 200
        assert decision_url in client_for(user).get(log_url).content.decode()
    assert status(setup.south.screener, decision_url) == 404


def test_the_referrers_list_query_count_is_flat(setup):
    client = client_for(setup.health_visitor)
    url = reverse("referrals:home")
    sent(setup)
    start(setup.health_visitor, health_child(setup))
    few = queries_to_get(client, url)
    for _ in range(6):
        sent(setup)
        start(setup.health_visitor, health_child(setup))
    assert queries_to_get(client, url) == few


def test_the_childs_referral_list_query_count_is_flat(setup, child):
    client = client_for(setup.health_visitor)
    url = reverse("referrals:child_referrals", args=[child.pk])
    sent(setup, child=child)
    few = queries_to_get(client, url)
    for _ in range(6):
        sent(setup, child=child)
    assert queries_to_get(client, url) == few
