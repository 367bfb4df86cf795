"""Golden rule 7 (issue 13): a referral's sharing decision records why the referrer shares in their own
words (a required answer, checked when the referral is sent) and what was shared as they wrote it; a
refusal is sent with the referrer's own reasons; a child's own agreement shows its capacity judgement."""

from datetime import date

import pytest
from django.urls import reverse

from referrals import services
from referrals.services.submit import IncompleteReferral
from tests.helpers import client_for
from tests.referrals.factories import FACTS, OPINION, REFUSED_REASONS, SHARING_REASONS, fill, health_child, sent, start
from tests.referrals.pages import CONCERN_POST


def _consent(referral, setup, **changes):
    """Change some of the consent step's answers."""
    return services.referral_update(actor=setup.health_visitor, referral=referral, section="consent", changes=changes)


def test_the_sharing_decision_records_why_and_what_in_the_referrers_words(setup, child):
    decision = sent(setup, child=child).sharing_decision
    assert decision.reasons.startswith(SHARING_REASONS)
    assert FACTS in decision.summary_facts and decision.summary_opinion == OPINION
    assert "as recorded in the referral" not in decision.summary_facts  # no stock text


def test_a_referral_without_the_referrers_reasons_for_sharing_is_not_sent(setup, child):
    referral = fill(start(setup.health_visitor, child), setup.health_visitor, concern={"sharing_reasons": ""})
    with pytest.raises(IncompleteReferral) as refused:
        services.referral_submit(actor=setup.health_visitor, referral=referral)
    assert ("concern", "sharing_reasons") in {(p.section, p.field) for p in refused.value.problems}
    referral.refresh_from_db()
    assert referral.sharing_decision is None


def test_the_concern_step_asks_why_the_information_is_shared(setup, draft):
    url = reverse("referrals:step_concern", args=[draft.pk])
    client = client_for(setup.health_visitor)
    response = client.post(url, CONCERN_POST | {"sharing_reasons": "", "submit": "Save and continue"})
    assert response.status_code == 200
    assert "Say why you are sharing this information with MAST" in response.content.decode()
    client.post(url, CONCERN_POST | {"submit": "Save and continue"})
    draft.refresh_from_db()
    assert draft.sharing_reasons == CONCERN_POST["sharing_reasons"]


def test_a_refusal_is_sent_with_the_referrers_own_reasons(setup, child):
    referral = fill(start(setup.health_visitor, child), setup.health_visitor, consent="refused")
    check = client_for(setup.health_visitor).get(reverse("referrals:check", args=[referral.pk])).content.decode()
    assert REFUSED_REASONS in check
    referral = services.referral_submit(actor=setup.health_visitor, referral=referral)
    assert referral.consent_record.explanation == REFUSED_REASONS
    assert REFUSED_REASONS in referral.sharing_decision.reasons

    no_reasons = _consent(
        fill(start(setup.health_visitor, health_child(setup)), setup.health_visitor, consent="refused"),
        setup,
        consent_explanation="",
    )
    with pytest.raises(IncompleteReferral) as refused:
        services.referral_submit(actor=setup.health_visitor, referral=no_reasons)
    assert ("consent", "consent_explanation") in {(p.section, p.field) for p in refused.value.problems}


@pytest.mark.parametrize(
    ("born", "reason", "shown"),
    [
        (date(2014, 1, 10), "She understands what a referral means and what refusing would mean.", "Gillick"),
        (date(2009, 1, 10), "", "Presumed: the child is 16 or older"),
    ],
)
def test_the_check_page_shows_the_capacity_judgement_of_a_child_who_agreed(setup, born, reason, shown):
    child = health_child(setup, date_of_birth=born)
    referral = _consent(
        fill(start(setup.health_visitor, child), setup.health_visitor, consent="given"),
        setup,
        consent_given_by="child",
        consent_person=None,
        consent_capacity_reason=reason,
    )
    page = client_for(setup.health_visitor).get(reverse("referrals:check", args=[referral.pk])).content.decode()
    assert "The child&#x27;s capacity to decide" in page or "The child's capacity to decide" in page
    assert shown in page and reason in page


def test_no_capacity_row_when_a_parent_agreed(setup, child):
    referral = fill(start(setup.health_visitor, child), setup.health_visitor, consent="given")
    page = client_for(setup.health_visitor).get(reverse("referrals:check", args=[referral.pk])).content.decode()
    assert 'data-testid="capacity"' not in page
