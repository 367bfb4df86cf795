"""Pages: the consent step of a draft."""

from django.urls import reverse
from django.utils import timezone

from tests.helpers import client_for
from tests.referrals.pages import consent_post


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
    data = consent_post(
        consent_decision="given", consent_from="child", consent_capacity_reason="She understands the referral."
    )
    response = client_for(setup.health_visitor).post(reverse("referrals:step_consent", args=[draft.pk]), data)
    assert b"Say how they agreed or refused" in response.content
    data["consent_method"] = "verbal_phone"
    response = client_for(setup.health_visitor).post(reverse("referrals:step_consent", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    answers = draft.consent_record
    assert answers.is_draft and (answers.status, answers.given_by, answers.method) == ("given", "child", "verbal_phone")
    assert answers.not_sought_reason == ""
