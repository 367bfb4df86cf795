"""Pages: every view for every role (200 / 403 / 404), GOV.UK error summaries that keep what was
typed, one referral however often a form is sent, and flat query counts on the lists."""

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal import services as core
from portal.models import Child, ChildAccessGrant, Notification
from referrals.models import MastAlert, MastReferral, Outcome
from sharing.models import ConsentRecord, SharingDecision
from tests.factories import make_child, next_nhs_number
from tests.helpers import client_for
from tests.referrals import factories
from tests.referrals.factories import health_child, sent, start


def status(user, url: str, method: str = "get", data=None) -> int:
    return getattr(client_for(user), method)(url, data or {}).status_code


def today_parts(prefix: str) -> dict[str, str]:
    today = timezone.localdate()
    return {f"{prefix}_0": str(today.day), f"{prefix}_1": str(today.month), f"{prefix}_2": str(today.year)}


CONCERN_POST = {
    "concern_categories": ["neglect", "physical_abuse"],
    "what_happened": "Bruise on the cheek seen at the 9 month check.",
    "referrer_view": "I think the injury is not accidental.",
    "urgency": "2",
    "information_categories": ["identity", "family", "health"],
    "advice_from": "",
}
FAMILY_POST = {
    "child_views": "Too young.",
    "family_views": "Not asked.",
    "family_told": "no",
    "family_not_told_reason": "would_increase_risk",
}


def consent_post(**overrides) -> dict:
    data = {
        "consent_decision": "not_sought",
        "consent_not_sought_reason": "child_at_risk",
        "consent_explanation": "The mother's partner is the risk.",
        "consent_method": "",
        "consent_from": "new",
        "new_first_name": "Jo",
        "new_last_name": "Parent",
        "new_kind": "mother",
        "new_source": "person",
        **today_parts("consent_decided_on"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def child(setup):
    return health_child(setup, first_name="Ada", last_name="Referred")


@pytest.fixture
def draft(setup, child):
    return start(setup.health_visitor, child)


@pytest.fixture
def referral(setup, child):
    return sent(setup, child=child)


# --- Role matrix ---------------------------------------------------------------------------------


def test_referrals_home_role_matrix(setup):
    url = reverse("referrals:home")
    assert status(setup.health_visitor, url) == 200
    assert status(setup.north.screener, url) == 200
    assert status(setup.north.caldicott, url) == 403
    assert status(setup.north.info_lead, url) == 403


def test_start_role_matrix(setup, child):
    assert status(setup.health_visitor, reverse("referrals:start")) == 200
    assert status(setup.north.caldicott, reverse("referrals:start")) == 403
    for_child = reverse("referrals:start_for_child", args=[child.pk])
    assert status(setup.health_visitor, for_child) == 200
    assert status(setup.south.social_worker, for_child) == 404  # cannot see the child
    core.child_access_grant(
        child=child, basis=ChildAccessGrant.Basis.CONSENT, level="view", user=setup.north.social_worker
    )
    assert status(setup.north.social_worker, for_child) == 403  # sees the child, does not work on it


@pytest.mark.parametrize(
    "name", ["resume", "step_child", "step_child_new", "step_concern", "step_family", "step_consent", "check"]
)
def test_draft_pages_are_the_referrers_alone(setup, draft, name):
    url = reverse(f"referrals:{name}", args=[draft.pk])
    assert status(setup.health_visitor, url) in (200, 302)
    for user in (setup.north.screener, setup.north.social_worker, setup.south.screener, setup.north.caldicott):
        assert status(user, url) == 404, user


def test_draft_pages_show_for_the_referrer(setup, draft):
    for name in ["step_child", "step_child_new", "step_concern", "step_family", "step_consent", "check"]:
        assert status(setup.health_visitor, reverse(f"referrals:{name}", args=[draft.pk])) == 200, name
    assert status(setup.health_visitor, reverse("referrals:sent", args=[draft.pk])) == 302


def test_a_referrer_without_permission_to_record_children_cannot_record_one(setup, draft):
    setup.health_visitor.groups.clear()
    assert status(setup.health_visitor, reverse("referrals:step_child_new", args=[draft.pk])) == 403


def test_a_sent_referrals_draft_pages_lead_to_the_referral(setup, referral):
    client = client_for(setup.health_visitor)
    for name in ["step_child", "step_concern", "step_consent"]:
        response = client.get(reverse(f"referrals:{name}", args=[referral.pk]))
        assert response.status_code == 302 and response.url == referral.get_absolute_url()
    assert client.get(reverse("referrals:check", args=[referral.pk])).url == reverse(
        "referrals:sent", args=[referral.pk]
    )
    assert client.get(reverse("referrals:sent", args=[referral.pk])).status_code == 200


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


def test_child_referrals_role_matrix(setup, child, referral):
    url = reverse("referrals:child_referrals", args=[child.pk])
    response = client_for(setup.health_visitor).get(url)
    assert response.status_code == 200 and referral.reference.encode() in response.content
    assert status(setup.north.screener, url) == 200
    assert status(setup.south.social_worker, url) == 404
    assert status(setup.north.caldicott, url) == 404


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


def test_navigation_and_child_page_links(setup, child):
    home = client_for(setup.health_visitor).get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("referrals:home")}"' in home
    assert f'href="{reverse("referrals:home")}"' not in client_for(setup.north.caldicott).get("/").content.decode()
    page = client_for(setup.health_visitor).get(child.get_absolute_url()).content.decode()
    assert reverse("referrals:start_for_child", args=[child.pk]) in page
    assert reverse("referrals:child_referrals", args=[child.pk]) in page


# --- Making a referral through the pages ---------------------------------------------------------


def test_a_referral_made_page_by_page(setup, django_capture_on_commit_callbacks):
    client = client_for(setup.health_visitor)
    key = str(uuid.uuid4())
    response = client.post(reverse("referrals:start"), {"creation_key": key})
    referral = MastReferral.objects.get()
    assert response.url == reverse("referrals:step_child", args=[referral.pk])
    # Pressing "Start now" twice: still one draft.
    client.post(reverse("referrals:start"), {"creation_key": key})
    assert MastReferral.objects.count() == 1

    child_post = {
        "first_name": "Bea",
        "last_name": "Newchild",
        "date_of_birth_0": "4",
        "date_of_birth_1": "5",
        "date_of_birth_2": "2025",
        "nhs_number": next_nhs_number(),
        "local_authority": setup.north.org.pk,
        "whereabouts_known": "yes",
        "tier": "2",
        "team": setup.health_team.pk,
    }
    response = client.post(reverse("referrals:step_child_new", args=[referral.pk]), child_post)
    assert response.url == reverse("referrals:step_concern", args=[referral.pk])
    child = Child.objects.get(last_name="Newchild")
    assert child.allocated_team == setup.health_team

    assert client.post(reverse("referrals:step_concern", args=[referral.pk]), CONCERN_POST).url == reverse(
        "referrals:step_family", args=[referral.pk]
    )
    assert client.post(reverse("referrals:step_family", args=[referral.pk]), FAMILY_POST).url == reverse(
        "referrals:step_consent", args=[referral.pk]
    )
    response = client.post(reverse("referrals:step_consent", args=[referral.pk]), consent_post())
    assert response.url == reverse("referrals:check", args=[referral.pk])

    check = client.get(reverse("referrals:check", args=[referral.pk])).content.decode()
    assert "Bea Newchild" in check and "Bruise on the cheek" in check and "Jo Parent" in check
    assert "It would place the child at increased risk of significant harm" in check

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("referrals:check", args=[referral.pk]))
    assert response.url == reverse("referrals:sent", args=[referral.pk])
    referral.refresh_from_db()
    page = client.get(response.url).content.decode()
    assert "govuk-panel--confirmation" in page and referral.reference in page
    assert referral.consent_record.given_by_person.full_name == "Jo Parent"
    assert Notification.objects.filter(recipient=setup.north.screener, subject__contains=referral.reference).exists()


def test_a_double_submitted_referral_is_sent_once(setup, draft):
    factories.fill(draft, setup.health_visitor)
    client = client_for(setup.health_visitor)
    url = reverse("referrals:check", args=[draft.pk])
    first = client.post(url)
    second = client.post(url)
    assert first.url == second.url == reverse("referrals:sent", args=[draft.pk])
    assert MastReferral.objects.count() == 1
    assert ConsentRecord.objects.count() == 1
    assert SharingDecision.objects.count() == 1


def test_missing_answers_come_back_in_an_error_summary_with_what_was_typed(setup, draft):
    data = {**CONCERN_POST, "what_happened": "", "urgency": "", "referrer_view": "I am worried about <b>bruises</b>"}
    response = client_for(setup.health_visitor).post(reverse("referrals:step_concern", args=[draft.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Say what happened: the facts" in content
    assert "Choose how urgent the referral is" in content
    assert "I am worried about &lt;b&gt;bruises&lt;/b&gt;" in content  # kept, and escaped
    assert re.search(r'value="neglect"\s*checked="checked"', content)  # ticked boxes stay ticked
    assert not re.search(r'value="sexual_abuse"\s*checked="checked"', content)
    draft.refresh_from_db()
    assert draft.referrer_view == ""  # nothing half-saved


def test_the_consent_step_explains_each_missing_answer_and_keeps_the_rest(setup, draft):
    data = consent_post(consent_not_sought_reason="", new_first_name="", consent_explanation="Kept text")
    response = client_for(setup.health_visitor).post(reverse("referrals:step_consent", args=[draft.pk]), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Choose why you did not seek agreement" in content
    assert "Enter the parent&#x27;s or carer&#x27;s first name" in content
    assert "Kept text" in content
    assert 'value="Parent"' in content
    future = timezone.localdate().replace(year=timezone.localdate().year + 1)
    data = consent_post(
        consent_decided_on_0=str(future.day), consent_decided_on_1=str(future.month), consent_decided_on_2="x"
    )
    response = client_for(setup.health_visitor).post(reverse("referrals:step_consent", args=[draft.pk]), data)
    assert response.status_code == 200 and b"govuk-error-summary" in response.content


def test_sought_agreement_needs_how_it_was_given(setup, draft):
    data = consent_post(consent_decision="given", consent_from="child")
    response = client_for(setup.health_visitor).post(reverse("referrals:step_consent", args=[draft.pk]), data)
    assert b"Say how they agreed or refused" in response.content
    data["consent_method"] = "verbal_phone"
    response = client_for(setup.health_visitor).post(reverse("referrals:step_consent", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.consent_decision, draft.consent_given_by, draft.consent_method) == ("given", "child", "verbal_phone")
    assert draft.consent_not_sought_reason == ""


def test_save_and_come_back_later_keeps_a_partial_answer_and_resumes_there(setup, draft):
    client = client_for(setup.health_visitor)
    data = {"what_happened": "Half written", "save_draft": "Save and come back later"}
    response = client.post(reverse("referrals:step_concern", args=[draft.pk]), data)
    assert response.url == reverse("referrals:home")
    draft.refresh_from_db()
    assert draft.what_happened == "Half written" and draft.status == "draft"
    home = client.get(reverse("referrals:home")).content.decode()
    assert reverse("referrals:resume", args=[draft.pk]) in home
    assert client.get(reverse("referrals:resume", args=[draft.pk])).url == reverse(
        "referrals:step_concern", args=[draft.pk]
    )
    page = client.get(reverse("referrals:step_concern", args=[draft.pk])).content.decode()
    assert "Half written" in page


def test_sending_an_incomplete_referral_lists_what_is_missing_with_links(setup, draft):
    response = client_for(setup.health_visitor).post(reverse("referrals:check", args=[draft.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "Say what happened: the facts" in content
    assert f"{reverse('referrals:step_concern', args=[draft.pk])}?change=1" in content
    assert "Say whether you sought agreement to the referral" in content
    draft.refresh_from_db()
    assert draft.status == "draft" and ConsentRecord.objects.count() == 0


def test_changing_an_answer_from_the_check_page_returns_there(setup, draft):
    factories.fill(draft, setup.health_visitor)
    url = reverse("referrals:step_concern", args=[draft.pk]) + "?change=1"
    response = client_for(setup.health_visitor).post(url, CONCERN_POST)
    assert response.url == reverse("referrals:check", args=[draft.pk])


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


# --- Screening through the pages -----------------------------------------------------------------


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


# --- Alerts through the pages --------------------------------------------------------------------


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


# --- Query counts --------------------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_referrers_list_query_count_is_flat(setup):
    client = client_for(setup.health_visitor)
    url = reverse("referrals:home")
    sent(setup)
    start(setup.health_visitor, health_child(setup))
    few = count_queries(client, url)
    for _ in range(6):
        sent(setup)
        start(setup.health_visitor, health_child(setup))
    assert count_queries(client, url) == few


def test_the_screening_queue_query_count_is_flat(setup):
    client = client_for(setup.north.screener)
    url = reverse("referrals:queue")
    sent(setup)
    factories.screened(setup, sent(setup))
    factories.alert(setup)
    few = count_queries(client, url)
    for _ in range(6):
        sent(setup)
        factories.screened(setup, sent(setup))
        factories.alert(setup)
    assert count_queries(client, url) == few
    assert client.get(url).content.decode().count('href="/referrals/') >= 12


def test_the_childs_referral_list_query_count_is_flat(setup, child):
    client = client_for(setup.health_visitor)
    url = reverse("referrals:child_referrals", args=[child.pk])
    sent(setup, child=child)
    few = count_queries(client, url)
    for _ in range(6):
        sent(setup, child=child)
    assert count_queries(client, url) == few


def test_the_alert_list_query_count_is_flat(setup):
    client = client_for(setup.north.screener)
    url = reverse("referrals:alert_list")
    factories.alert(setup)
    few = count_queries(client, url)
    for _ in range(8):
        factories.alert(setup)
    assert count_queries(client, url) == few


def test_the_decision_to_share_is_in_the_childs_sharing_log_for_those_who_see_the_referral(setup, child, referral):
    decision_url = reverse("sharing:decision_detail", args=[referral.sharing_decision.pk])
    log_url = reverse("sharing:child_log", args=[child.pk])
    for user in (setup.health_visitor, setup.north.screener):
        assert decision_url in client_for(user).get(referral.get_absolute_url()).content.decode()
        assert status(user, decision_url) == 200
        assert decision_url in client_for(user).get(log_url).content.decode()
    assert status(setup.south.screener, decision_url) == 404
