"""The 2026 Act's pages: the share details form (each item fact or opinion, the NHS number or why
not), not sharing as more detrimental (s16LA), the decision as recorded, and the report of records
shared without the NHS number (s16LC) by reason and organisation."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from portal.models import Escalation
from sharing import rules, services
from sharing.models import SharingDecision
from tests.factories import make_child
from tests.helpers import client_for, queries_to_get
from tests.sharing.factories import basis, shared_details, sharing_request

COMMENCES = date(2026, 4, 1)
ANSWERS = {"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"}


@pytest.fixture(autouse=True)
def in_force(time_machine):
    time_machine.move_to(datetime(2026, 5, 5, 12, tzinfo=UTC))
    with override_settings(PORTAL_CWSA_2026_COMMENCEMENT=COMMENCES):
        yield


@pytest.fixture
def unnumbered(setup):
    return make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Ada", nhs_number="")


def ready_to_share(setup, child) -> SharingDecision:
    actor = setup.north.social_worker
    decision = services.sharing_decision_start(actor=actor, child=child, request=sharing_request(setup.health))
    for question, answer in ANSWERS.items():
        decision = services.sharing_decision_answer(actor=actor, decision=decision, question=question, answer=answer)
    return decision


def share_form(**overrides) -> dict:
    data = {
        "categories": ["identity"],
        "item_1": "The family moved on 1 May.",
        "item_1_nature": "fact",
        "item_2": "The move may unsettle her.",
        "item_2_nature": "opinion",
        "method": "secure_email",
        "shared_on_0": "5",
        "shared_on_1": "5",
        "shared_on_2": "2026",
        "article_6_basis": str(basis(rules.ARTICLE_6_RECOGNISED_SAFEGUARDING).pk),
        "individual_told": "yes",
        "reasons": "She is at risk of significant harm.",
    }
    data.update(overrides)
    return data


def test_the_share_form_records_each_item_fact_or_opinion_and_the_nhs_number(setup, child):
    decision = ready_to_share(setup, child)
    client = client_for(setup.north.social_worker)
    url = reverse("sharing:decision_outcome", args=[decision.pk])
    page = client.get(url).content.decode()
    assert "Is item 1 a fact or an opinion?" in page
    assert "recognised legitimate interest" in page.lower()
    assert 'data-testid="duty-to-share"' in page
    response = client.post(url, share_form())
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.shared_items == [
        {"text": "The family moved on 1 May.", "nature": "fact"},
        {"text": "The move may unsettle her.", "nature": "opinion"},
    ]
    assert decision.identifier_nhs_number == child.nhs_number
    assert decision.statutory_duty == rules.STATUTORY_DUTY_S16LA
    shown = client.get(reverse("sharing:decision_detail", args=[decision.pk])).content.decode()
    assert 'data-testid="shared-items"' in shown
    assert "Fact</strong> The family moved on 1 May." in shown
    assert "Opinion</strong> The move may unsettle her." in shown
    assert "Children Act 2004 s16LA" in shown
    assert "NHS number carried" in shown


def test_an_item_without_fact_or_opinion_comes_back_with_an_error(setup, child):
    decision = ready_to_share(setup, child)
    response = client_for(setup.north.social_worker).post(
        reverse("sharing:decision_outcome", args=[decision.pk]), share_form(item_2_nature="")
    )
    assert response.status_code == 200
    assert "Say whether item 2 is a fact or an opinion" in response.content.decode()
    decision.refresh_from_db()
    assert not decision.is_locked


def test_the_form_asks_why_when_the_child_has_no_nhs_number(setup, unnumbered):
    decision = ready_to_share(setup, unnumbered)
    client = client_for(setup.north.social_worker)
    url = reverse("sharing:decision_outcome", args=[decision.pk])
    assert "NHS number is not recorded. Why does this record go without it?" in client.get(url).content.decode()
    response = client.post(url, share_form())
    assert response.status_code == 200
    assert "say why the record goes without it" in response.content.decode()
    response = client.post(
        url,
        share_form(
            identifier_omitted_reason=rules.UNKNOWN_UNREASONABLE_DELAY,
            identifier_omitted_explanation="Her GP is closed until Monday.",
        ),
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.identifier_omitted_reason == rules.UNKNOWN_UNREASONABLE_DELAY
    shown = client.get(reverse("sharing:decision_detail", args=[decision.pk])).content.decode()
    assert "NHS number left out: The NHS number is not known" in shown


def test_not_sharing_as_more_detrimental_from_its_page(setup, child):
    decision = ready_to_share(setup, child)
    client = client_for(setup.north.social_worker)
    url = reverse("sharing:decision_withhold", args=[decision.pk])
    assert client.get(url).status_code == 200
    assert client_for(setup.north.cin_manager).get(url).status_code == 403
    assert client_for(setup.south.social_worker).get(url).status_code == 404
    response = client.post(url, {"reasons": ""})
    assert response.status_code == 200
    assert "Say why sharing would be more detrimental to the child" in response.content.decode()
    response = client.post(url, {"reasons": "Sharing would reveal the refuge's address."})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.outcome == SharingDecision.Outcome.NOT_SHARED_DETRIMENTAL
    review = Escalation.objects.get(kind=Escalation.Kind.NOT_SHARED_DETRIMENTAL)
    shown = client_for(setup.north.caldicott).get(reverse("sharing:decision_detail", args=[decision.pk]))
    assert "Open (Caldicott Guardian review)" in shown.content.decode()
    assert (
        client_for(setup.north.caldicott).get(reverse("portal:escalation_detail", args=[review.pk])).status_code == 200
    )


def test_before_commencement_the_withhold_page_sends_you_back_to_the_outcome(setup, child, time_machine):
    decision = ready_to_share(setup, child)
    time_machine.move_to(datetime(2026, 3, 30, 12, tzinfo=UTC))
    client = client_for(setup.north.social_worker)
    response = client.get(reverse("sharing:decision_withhold", args=[decision.pk]))
    assert response.status_code == 302
    assert response.url == reverse("sharing:decision_outcome", args=[decision.pk])
    page = client.get(reverse("sharing:decision_outcome", args=[decision.pk])).content.decode()
    assert 'data-testid="duty-to-share"' not in page


def _share_without_number(setup, child, reason: str) -> SharingDecision:
    return services.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=sharing_request(setup.health),
        answers=ANSWERS,
        reasons="Risk of harm",
        shared=shared_details(
            shared_on=date(2026, 5, 5),
            identifier=rules.ConsistentIdentifier(omitted_reason=reason, explanation="Explained"),
        ),
    )


def test_the_report_counts_records_shared_without_the_nhs_number_by_reason_and_organisation(setup, unnumbered):
    _share_without_number(setup, unnumbered, rules.UNKNOWN_UNREASONABLE_DELAY)
    _share_without_number(setup, unnumbered, rules.UNKNOWN_UNREASONABLE_DELAY)
    _share_without_number(setup, unnumbered, rules.MORE_DETRIMENTAL)
    url = reverse("sharing:identifier_report")
    page = client_for(setup.north.caldicott).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "3 records shared without the NHS number" in body
    assert "North Council" in body
    assert client_for(setup.north.social_worker).get(url).status_code == 403
    south = client_for(setup.south.caldicott).get(url).content.decode()
    assert 'data-testid="identifier-report-empty"' in south
    exported = client_for(setup.north.info_lead).get(url, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0] == ["Organisation", "Workflow", "Reason the NHS number was left out", "Records"]
    counts = {row[2]: row[3] for row in rows[1:]}
    assert counts["The NHS number is not known, and finding it would cause unreasonable delay"] == "2"
    assert counts["Including the NHS number would be more detrimental to the child"] == "1"


def test_the_report_costs_the_same_queries_with_10_and_500_records(setup, unnumbered):
    first = _share_without_number(setup, unnumbered, rules.MORE_DETRIMENTAL)

    def copies(count: int) -> None:
        clones = []
        for n in range(count):
            clone = SharingDecision.objects.get(pk=first.pk)
            clone.pk = None
            clone.identifier_omitted_reason = rules.IDENTIFIER_OMISSION_REASONS[n % 2]
            clones.append(clone)
        SharingDecision.objects.bulk_create(clones)

    client = client_for(setup.north.caldicott)
    url = reverse("sharing:identifier_report")
    copies(9)
    ten = queries_to_get(client, url)
    copies(490)
    assert SharingDecision.objects.filter(identifier_nhs_number="").count() == 500
    assert queries_to_get(client, url) == ten
