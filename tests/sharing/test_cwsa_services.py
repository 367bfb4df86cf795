"""The 2026 Act in the sharing decision service: the statutory duty recorded, "not shared: more
detrimental to the child" reviewed by a Caldicott Guardian, the consistent identifier carried (or
why not), each item shared marked fact or opinion, and the recognised legitimate interests."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from portal import services as core
from portal.models import Escalation
from portal.services import InvalidTransition
from sharing import rules, services
from sharing.models import LawfulBasis, SharingDecision
from tests.factories import make_child
from tests.sharing.factories import basis, shared_details, sharing_request

COMMENCES = date(2026, 4, 1)
pytestmark = pytest.mark.usefixtures("commencement")

ANSWERS = {"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"}


@pytest.fixture
def commencement():
    with override_settings(PORTAL_CWSA_2026_COMMENCEMENT=COMMENCES):
        yield


@pytest.fixture
def unnumbered(setup):
    return make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Ada", nhs_number="")


def record(setup, child, **shared) -> SharingDecision:
    return services.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=sharing_request(setup.health),
        answers=ANSWERS,
        reasons="Risk of significant harm",
        shared=shared_details(shared_on=date.today(), **shared),
    )


def after(time_machine):
    time_machine.move_to(datetime(2026, 4, 2, 12, tzinfo=UTC))


def before(time_machine):
    time_machine.move_to(datetime(2026, 3, 30, 12, tzinfo=UTC))


def test_a_share_carries_the_childs_nhs_number(setup, child, time_machine):
    after(time_machine)
    decision = record(setup, child)
    assert decision.identifier_nhs_number == child.nhs_number
    assert decision.identifier_omitted_reason == ""


def test_after_commencement_a_share_without_the_nhs_number_needs_a_reason(setup, unnumbered, time_machine):
    after(time_machine)
    with pytest.raises(ValidationError) as refused:
        record(setup, unnumbered)
    assert "identifier_omitted_reason" in refused.value.message_dict
    assert not SharingDecision.objects.filter(status=SharingDecision.Status.COMPLETED).exists()
    decision = record(
        setup,
        unnumbered,
        identifier=rules.ConsistentIdentifier(
            omitted_reason=rules.UNKNOWN_UNREASONABLE_DELAY, explanation="The GP is closed until Monday."
        ),
    )
    assert decision.identifier_nhs_number == ""
    assert decision.identifier_omitted_reason == rules.UNKNOWN_UNREASONABLE_DELAY
    assert decision.identifier_omitted_explanation == "The GP is closed until Monday."


def test_before_commencement_a_share_without_the_nhs_number_needs_no_reason(setup, unnumbered, time_machine):
    before(time_machine)
    decision = record(setup, unnumbered)
    assert decision.status == SharingDecision.Status.COMPLETED
    assert decision.statutory_duty == ""


def test_leaving_a_known_number_out_as_more_detrimental_is_recorded(setup, child, time_machine):
    after(time_machine)
    decision = record(
        setup,
        child,
        identifier=rules.ConsistentIdentifier(omitted_reason=rules.MORE_DETRIMENTAL, explanation="Would reveal her."),
    )
    assert decision.identifier_nhs_number == ""
    assert decision.identifier_omitted_reason == rules.MORE_DETRIMENTAL


def test_the_statutory_duty_is_recorded_once_in_force(setup, child, time_machine):
    after(time_machine)
    assert record(setup, child).statutory_duty == rules.STATUTORY_DUTY_S16LA
    assert record(setup, child).get_statutory_duty_display().startswith("Children Act 2004 s16LA")


def _ready_to_share(setup, child) -> SharingDecision:
    actor = setup.north.social_worker
    decision = services.sharing_decision_start(actor=actor, child=child, request=sharing_request(setup.health))
    for question, answer in ANSWERS.items():
        decision = services.sharing_decision_answer(actor=actor, decision=decision, question=question, answer=answer)
    assert decision.outcome == SharingDecision.Outcome.SHARE
    return decision


def test_not_shared_as_more_detrimental_needs_reasons_and_raises_a_caldicott_review(setup, child, time_machine):
    after(time_machine)
    actor = setup.north.social_worker
    decision = _ready_to_share(setup, child)
    with pytest.raises(ValidationError):
        services.sharing_decision_complete(
            actor=actor, decision=decision, reasons="  ", withhold_as_more_detrimental=True
        )
    decision = services.sharing_decision_complete(
        actor=actor,
        decision=decision,
        reasons="Telling the father's solicitor would reveal the refuge.",
        withhold_as_more_detrimental=True,
    )
    assert decision.outcome == SharingDecision.Outcome.NOT_SHARED_DETRIMENTAL
    assert decision.statutory_duty == rules.STATUTORY_DUTY_S16LA
    assert decision.is_locked
    review = Escalation.objects.get(kind=Escalation.Kind.NOT_SHARED_DETRIMENTAL, subject_id=decision.pk)
    assert review.level == Escalation.Level.SENIOR
    assert review.status == Escalation.Status.OPEN
    assignees = set(review.assignments.values_list("user_id", flat=True))
    assert assignees == {setup.north.caldicott.pk, setup.north.info_lead.pk}
    # The Caldicott Guardian reviews it through the escalation lifecycle: review closes it.
    core.escalation_resolve(
        actor=setup.north.caldicott,
        escalation=review,
        resolution="Agreed: not sharing was right",
        rationale="The refuge's address must stay protected.",
    )
    review.refresh_from_db()
    assert review.status == Escalation.Status.RESOLVED


def test_a_review_reaches_the_fallback_roles_when_the_organisation_has_no_reviewer(setup, time_machine):
    after(time_machine)
    child = make_child(worker=setup.health_visitor, team=setup.health_team, first_name="Bo")
    actor = setup.health_visitor
    decision = services.sharing_decision_start(actor=actor, child=child, request=sharing_request(setup.north.org))
    for question, answer in ANSWERS.items():
        decision = services.sharing_decision_answer(actor=actor, decision=decision, question=question, answer=answer)
    services.sharing_decision_complete(
        actor=actor, decision=decision, reasons="It would put her at risk.", withhold_as_more_detrimental=True
    )
    review = Escalation.objects.get(kind=Escalation.Kind.NOT_SHARED_DETRIMENTAL)
    assert set(review.assignments.values_list("user_id", flat=True)) == {
        setup.north.caldicott.pk,
        setup.north.info_lead.pk,
    }


def test_not_shared_as_more_detrimental_is_not_available_before_commencement(setup, child, time_machine):
    before(time_machine)
    decision = _ready_to_share(setup, child)
    with pytest.raises(InvalidTransition):
        services.sharing_decision_complete(
            actor=setup.north.social_worker,
            decision=decision,
            reasons="It would harm her.",
            withhold_as_more_detrimental=True,
        )
    assert not Escalation.objects.filter(kind=Escalation.Kind.NOT_SHARED_DETRIMENTAL).exists()


def test_each_item_shared_is_kept_marked_fact_or_opinion(setup, child, time_machine):
    after(time_machine)
    items = (
        rules.SharedItem(text="The family moved on 1 November.", nature=rules.FACT),
        rules.SharedItem(text="The move may unsettle her.", nature=rules.OPINION),
    )
    decision = record(setup, child, items=items, summary_facts="", summary_opinion="")
    assert decision.shared_items == [
        {"text": "The family moved on 1 November.", "nature": "fact"},
        {"text": "The move may unsettle her.", "nature": "opinion"},
    ]
    assert decision.summary_facts == "The family moved on 1 November."
    assert decision.summary_opinion == "The move may unsettle her."
    assert decision.items_shared == [
        ("The family moved on 1 November.", "Fact"),
        ("The move may unsettle her.", "Opinion"),
    ]


def test_an_item_not_marked_fact_or_opinion_is_refused(setup, child, time_machine):
    after(time_machine)
    with pytest.raises(ValidationError) as refused:
        record(setup, child, items=(rules.SharedItem(text="Attends Riverside", nature=""),))
    assert "item_1" in refused.value.message_dict


def test_a_workflows_summaries_become_items(setup, child, time_machine):
    after(time_machine)
    decision = record(setup, child)
    assert [item["nature"] for item in decision.shared_items] == ["fact", "opinion"]


def test_recognised_legitimate_interests_are_article_6_bases_with_the_safeguarding_condition(db):
    safeguarding = basis(rules.ARTICLE_6_RECOGNISED_SAFEGUARDING)
    assert safeguarding.kind == LawfulBasis.Kind.ARTICLE_6
    assert "safeguarding vulnerable individuals" in safeguarding.name
    assert "safeguarding condition" in safeguarding.description
    assert not safeguarding.is_consent
    assert basis("6(1)(ea) crime").kind == LawfulBasis.Kind.ARTICLE_6


def test_a_share_may_rely_on_the_recognised_legitimate_interest(setup, child, time_machine):
    after(time_machine)
    decision = record(setup, child, article_6_basis=basis(rules.ARTICLE_6_RECOGNISED_SAFEGUARDING))
    assert decision.article_6_basis.code == rules.ARTICLE_6_RECOGNISED_SAFEGUARDING
