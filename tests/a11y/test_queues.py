"""Queues that say what they are about (issue 15): each escalation row shows the child (by name only to
someone who may open the record, else a neutral label), the kind, how long it has been open and the
reason in the worker's words; the consent-override escalation shows the practitioner's reasons."""

import html
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import selectors
from portal.models import Escalation
from portal.queues import NEUTRAL_CHILD
from sharing import services
from sharing.models import Purpose
from tests.factories import make_child
from tests.helpers import client_for
from tests.sharing.factories import shared_details, sharing_request

OVERRIDE_REASONS = "Risk of significant harm outweighs the boy's refusal: the health visitor must know tonight."


@pytest.fixture
def overridden(setup):
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Zed", last_name="Quinlan")
    services.consent_record(
        actor=setup.north.social_worker,
        child=child,
        details=services.ConsentDetails(
            given_by="child",
            capacity_reason="He understands what would be shared, with whom and why.",
            purpose=Purpose.SAFEGUARDING,
            status="refused",
            explanation="He does not want the health visitor told; I will explain why we must share.",
            method="verbal_in_person",
            decided_on=date.today(),
        ),
    )
    services.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=sharing_request(setup.health),
        answers={"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"},
        reasons=OVERRIDE_REASONS,
        shared=shared_details(individual_told=False, not_told_reason="would_increase_risk"),
    )
    return child, Escalation.objects.get(kind=Escalation.Kind.CONSENT_OVERRIDDEN)


def _cells(page: str, testid: str) -> list[str]:
    found = re.findall(rf'data-testid="{testid}">(.*?)</(?:td|span|dd)>', page, re.S)
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell))).strip() for cell in found]


def test_the_review_queue_row_says_kind_child_clock_and_the_workers_reasons(setup, overridden, time_machine):
    child, _escalation = overridden
    reviewer = setup.north.caldicott
    assert not selectors.child_list_for_user(user=reviewer).filter(pk=child.pk).exists()
    time_machine.move_to(timezone.now() + timedelta(days=3))
    page = client_for(reviewer).get(reverse("portal:review_queue")).content.decode()
    assert "Consent overridden" in page
    assert _cells(page, "escalation-reason") == [OVERRIDE_REASONS]
    assert _cells(page, "escalation-child") == [NEUTRAL_CHILD]
    assert "Quinlan" not in page  # the reviewer may not open the child's record
    assert _cells(page, "escalation-clock")[0].startswith("3 days")


def test_the_allocated_worker_sees_the_childs_name_with_a_link(setup, overridden):
    child, _escalation = overridden
    page = client_for(setup.north.social_worker).get(reverse("portal:escalation_list")).content.decode()
    assert _cells(page, "escalation-child") == ["Zed Quinlan"]
    assert f'href="{child.get_absolute_url()}"' in page
    home = client_for(setup.north.social_worker).get(reverse("portal:home")).content.decode()
    assert "Zed Quinlan" in home and OVERRIDE_REASONS[:60] in html.unescape(home)


def test_the_consent_override_escalation_shows_the_practitioners_reasons(setup, overridden):
    _child, escalation = overridden
    page = client_for(setup.north.caldicott).get(reverse("portal:escalation_detail", args=[escalation.pk]))
    text = html.unescape(page.content.decode())
    assert "The practitioner's reasons" in text and OVERRIDE_REASONS in text
    assert _cells(page.content.decode(), "escalation-child") == [NEUTRAL_CHILD]


def test_an_emergency_access_row_gives_the_users_own_reason(setup):
    from portal import services as core

    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    reason = "Police found the child alone at night; need the carer's details."
    core.emergency_access_grant(actor=setup.south.screener, child=child, reason=reason)
    page = client_for(setup.north.caldicott).get(reverse("portal:review_queue")).content.decode()
    assert html.unescape(page).count(reason) == 1
