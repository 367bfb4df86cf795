"""Pages: making a referral, section by section, then check your answers and send: the draft is
the referrer's alone, GOV.UK error summaries keep what was typed, and one referral however often
a form is sent."""

import re
import uuid

import pytest
from django.urls import reverse

from portal import services as core
from portal.models import Child, ChildAccessGrant, Notification
from referrals.models import MastReferral
from sharing.models import ConsentRecord, SharingDecision
from tests.factories import next_nhs_number
from tests.helpers import client_for
from tests.referrals import factories
from tests.referrals.pages import CONCERN_POST, FAMILY_POST, consent_post, status


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


def test_a_sent_referrals_draft_pages_lead_to_the_referral(setup, referral):
    client = client_for(setup.health_visitor)
    for name in ["step_child", "step_concern", "step_consent"]:
        response = client.get(reverse(f"referrals:{name}", args=[referral.pk]))
        assert response.status_code == 302 and response.url == referral.get_absolute_url()
    assert client.get(reverse("referrals:check", args=[referral.pk])).url == reverse(
        "referrals:sent", args=[referral.pk]
    )
    assert client.get(reverse("referrals:sent", args=[referral.pk])).status_code == 200


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
