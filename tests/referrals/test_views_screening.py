"""Pages: MAST's queue and screening a referral, for every role, and a flat queue."""

from django.urls import reverse

from referrals import selectors, services
from referrals.models import Outcome
from tests.helpers import client_for, queries_to_get
from tests.referrals import factories
from tests.referrals.factories import screened, sent
from tests.referrals.pages import status, today_parts


def test_screening_pages_role_matrix(setup, referral):
    start_url = reverse("referrals:screen_start", args=[referral.pk])
    assert status(setup.north.screener, start_url) == 405  # POST only
    assert status(setup.health_visitor, start_url, "post") == 403
    assert status(setup.south.screener, start_url, "post") == 404
    assert status(setup.north.cin_manager, start_url, "post") == 404
    assert status(setup.north.screener, start_url, "post") == 302
    for name in ("screen_check", "screen_outcome"):
        url = reverse(f"referrals:{name}", args=[referral.pk])
        assert status(setup.north.screener, url) == 200
        assert status(setup.north.mast_manager, url) == 200
        assert status(setup.health_visitor, url) == 403
        assert status(setup.south.screener, url) == 404
        assert status(setup.north.caldicott, url) == 404


def test_queue_role_matrix(setup):
    url = reverse("referrals:queue")
    assert status(setup.north.screener, url) == 200
    assert status(setup.north.mast_manager, url) == 200
    assert status(setup.health_visitor, url) == 403
    assert status(setup.north.caldicott, url) == 403


def test_screening_through_the_pages(setup, referral):
    client = client_for(setup.north.screener)
    assert client.post(reverse("referrals:screen_start", args=[referral.pk])).status_code == 302
    response = client.post(
        reverse("referrals:screen_check", args=[referral.pk]),
        {"agency": "", "information": "Known to the GP", **today_parts("checked_on")},
    )
    assert b"Enter the agency you checked with" in response.content and b"Known to the GP" in response.content
    response = client.post(
        reverse("referrals:screen_check", args=[referral.pk]),
        {"agency": "GP surgery", "information": "Known to the GP", **today_parts("checked_on")},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("referrals:screen_outcome", args=[referral.pk]), {"outcome": "passed_to_another_authority"}
    )
    content = response.content.decode()
    assert "Choose the local authority the referral is passed to" in content
    assert "Give the reasons for the outcome" in content
    response = client.post(
        reverse("referrals:screen_outcome", args=[referral.pk]),
        {"outcome": "strategy_discussion", "reasons": "Significant harm suspected."},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.outcome == Outcome.STRATEGY_DISCUSSION
    # Going back to the form after the outcome is a clear message, not an error page.
    response = client.get(reverse("referrals:screen_outcome", args=[referral.pk]), follow=True)
    assert b"Start screening the referral before recording an outcome" in response.content


def test_the_screening_queue_query_count_is_flat(setup):
    client = client_for(setup.north.screener)
    url = reverse("referrals:queue")
    sent(setup)
    factories.screened(setup, sent(setup))
    factories.alert(setup)
    few = queries_to_get(client, url)
    for _ in range(6):
        sent(setup)
        factories.screened(setup, sent(setup))
        factories.alert(setup)
    assert queries_to_get(client, url) == few
    assert client.get(url).content.decode().count('href="/referrals/') >= 12


def test_recently_screened_is_the_teams_decided_screenings_newest_first(setup):
    first, second = sent(setup), sent(setup)
    screened(setup, first)
    screened(setup, second)
    services.screening_start(actor=setup.north.screener, referral=sent(setup))  # not decided yet
    recent = selectors.recently_screened_for_user(user=setup.north.screener)
    assert [screening.referral_id for screening in recent] == [second.pk, first.pk]
    # Another authority's MAST, and someone in no MAST team, see none of them.
    assert list(selectors.recently_screened_for_user(user=setup.south.screener)) == []
    assert list(selectors.recently_screened_for_user(user=setup.health_visitor)) == []
