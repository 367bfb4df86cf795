from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portal import selectors as core_selectors
from portal import services as core
from portal import sweeps
from portal.models import Escalation, Notification, Relationship
from portal.services import InvalidTransition
from sharing import selectors, services
from sharing.models import ConsentRecord, LegalGateway, PrivacyNotice, Purpose, SharingDecision
from tests.factories import make_child
from tests.sharing.factories import basis, give_consent, shared_details


@pytest.fixture
def child(setup):
    return make_child(worker=setup.north.social_worker, team=setup.north.cin)


def request_to(organisation, user=None, purpose=Purpose.SAFEGUARDING):
    return services.SharingRequest(
        requested_by="School safeguarding lead",
        purpose=purpose,
        purpose_detail="To plan support at school",
        recipient_organisation=organisation,
        recipient_name=str(user) if user else "Duty officer",
        recipient_user=user,
    )


def can_see(user, child) -> bool:
    return core_selectors.child_list_for_user(user=user).filter(pk=child.pk).exists()


def test_reference_data_is_seeded(db):
    assert LegalGateway.objects.filter(name="Children Act 2004 s11").exists()
    assert LegalGateway.objects.count() == 16
    assert basis("6(1)(a)").is_consent
    assert basis("DPA 2018 Sch 1 para 18").name == "Safeguarding of children and of individuals at risk"
    for code in ["9(2)(a)", "9(2)(b)", "9(2)(c)", "9(2)(g)", "9(2)(h)", "9(2)(i)", "9(2)(j)"]:
        assert basis(code)


def test_consent_in_force_answers_for_any_moment_past_included(setup, child):
    health = setup.health
    consent = give_consent(
        actor=setup.north.social_worker, child=child, recipients=[health], decided_on=date(2026, 3, 1)
    )
    at = timezone.make_aware(datetime(2026, 3, 10, 12))
    assert selectors.consent_in_force(subject=child, recipient=health, purpose=Purpose.SAFEGUARDING, at=at) == consent
    before = timezone.make_aware(datetime(2026, 2, 28, 12))
    assert selectors.consent_in_force(subject=child, recipient=health, purpose=Purpose.SAFEGUARDING, at=before) is None
    # Another recipient, another purpose: not covered.
    assert (
        selectors.consent_in_force(subject=child, recipient=setup.south.org, purpose=Purpose.SAFEGUARDING, at=at)
        is None
    )
    assert selectors.consent_in_force(subject=child, recipient=health, purpose=Purpose.EDUCATION, at=at) is None

    withdrawn_at = timezone.make_aware(datetime(2026, 4, 1, 9))
    services.consent_withdraw(
        actor=setup.north.social_worker,
        consent=consent,
        method="verbal_phone",
        note="Mother phoned",
        withdrawn_at=withdrawn_at,
    )
    # Still answers "yes" for the time before the withdrawal, and "no" after it.
    assert selectors.consent_in_force(subject=child, recipient=health, purpose=Purpose.SAFEGUARDING, at=at) == consent
    after = withdrawn_at + timedelta(minutes=1)
    assert selectors.consent_in_force(subject=child, recipient=health, purpose=Purpose.SAFEGUARDING, at=after) is None


def test_refused_or_not_sought_consent_is_never_in_force(setup, child):
    for status, extra in [
        ("refused", {"method": "verbal_in_person"}),
        ("not_sought", {"not_sought_reason": "child_at_risk", "explanation": "Father is the alleged abuser"}),
    ]:
        services.consent_record(
            actor=setup.north.social_worker,
            child=child,
            details=services.ConsentDetails(
                given_by="child",
                purpose=Purpose.SAFEGUARDING,
                status=status,
                decided_on=date.today(),
                recipients=[setup.health],
                **extra,
            ),
        )
    assert (
        selectors.consent_in_force(
            subject=child, recipient=setup.health, purpose=Purpose.SAFEGUARDING, at=timezone.now()
        )
        is None
    )


def test_consent_not_sought_needs_one_of_the_four_reasons_and_an_explanation(setup, child):
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            actor=setup.north.social_worker,
            child=child,
            details=services.ConsentDetails(
                given_by="child", purpose="safeguarding", status="not_sought", decided_on=date.today()
            ),
        )
    assert set(error.value.message_dict) >= {"not_sought_reason", "explanation"}


def test_consent_from_a_parent_needs_parental_responsibility(setup, child):
    from tests.factories import PersonFactory, relate

    uncle = PersonFactory()
    relate(child, uncle, Relationship.Kind.OTHER)
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            actor=setup.north.social_worker,
            child=child,
            details=services.ConsentDetails(
                given_by="parental_responsibility",
                given_by_person=uncle,
                purpose="safeguarding",
                status="given",
                method="in_writing",
                decided_on=date.today(),
                recipients=[setup.health],
            ),
        )
    assert "given_by_person" in error.value.message_dict


def test_only_someone_working_with_the_child_records_consent(setup, child):
    with pytest.raises(PermissionDenied):
        give_consent(actor=setup.south.social_worker, child=child, recipients=[setup.health])


def test_withdrawal_is_a_transition_and_cannot_happen_twice(setup, child):
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    services.consent_withdraw(actor=setup.north.social_worker, consent=consent, method="in_writing", note="Letter")
    consent.refresh_from_db()
    assert consent.status == "withdrawn"
    assert consent.withdrawal_recorded_by == setup.north.social_worker
    assert [h.status for h in consent.history.order_by("history_date")] == ["given", "withdrawn"]
    with pytest.raises(InvalidTransition):
        services.consent_withdraw(actor=setup.north.social_worker, consent=consent, method="in_writing", note="again")


def share_with_consent(setup, child, consent, *, article_6="6(1)(a)"):
    return services.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=request_to(setup.health, setup.health_visitor),
        answers={"purpose": "yes", "consent": "yes"},
        consent=consent,
        reasons="Mother agreed; the health visitor needs to know to plan visits.",
        shared=shared_details(article_6_basis=basis(article_6)),
    )


def test_withdrawing_consent_takes_away_the_access_it_gave_and_tells_the_user(setup, child):
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    decision = share_with_consent(setup, child, consent)
    assert decision.status == "completed" and decision.outcome == "share"
    assert can_see(setup.health_visitor, child)

    services.consent_withdraw(actor=setup.north.social_worker, consent=consent, method="verbal_phone", note="")

    assert not can_see(setup.health_visitor, child)
    assert Notification.objects.filter(recipient=setup.health_visitor, subject__icontains="withdrawn").count() == 1


def test_withdrawal_keeps_access_another_recorded_lawful_basis_covers(setup, child):
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    share_with_consent(setup, child, consent, article_6="6(1)(e)")  # public task recorded too

    services.consent_withdraw(actor=setup.north.social_worker, consent=consent, method="verbal_phone", note="")

    assert can_see(setup.health_visitor, child)
    bases = set(
        child.access_grants.filter(user=setup.health_visitor, revoked_at__isnull=True).values_list("basis", flat=True)
    )
    assert bases == {"sharing_decision"}
    assert not Notification.objects.filter(recipient=setup.health_visitor, subject__icontains="withdrawn").exists()


def test_saying_yes_to_consent_needs_a_consent_record(setup, child):
    decision = services.sharing_decision_start(
        actor=setup.north.social_worker, child=child, request=request_to(setup.health)
    )
    decision = services.sharing_decision_answer(
        actor=setup.north.social_worker, decision=decision, question="purpose", answer="yes"
    )
    with pytest.raises(ValidationError):
        services.sharing_decision_answer(
            actor=setup.north.social_worker, decision=decision, question="consent", answer="yes"
        )


def test_changing_an_earlier_answer_clears_the_later_ones(setup, child):
    actor = setup.north.social_worker
    decision = services.sharing_decision_start(actor=actor, child=child, request=request_to(setup.health))
    for question, answer in [
        ("purpose", "yes"),
        ("consent", "no"),
        ("identifiable", "yes"),
        ("lawful_without_consent", "no"),
    ]:
        decision = services.sharing_decision_answer(actor=actor, decision=decision, question=question, answer=answer)
    assert decision.outcome == "do_not_share"
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="consent", answer="unsure")
    assert decision.outcome == "seek_advice"
    assert decision.identifiable_answer == "" and decision.lawful_without_consent_answer == ""


def test_a_do_not_share_decision_needs_reasons_and_is_then_locked(setup, child):
    actor = setup.north.social_worker
    decision = services.sharing_decision_start(actor=actor, child=child, request=request_to(setup.health))
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="purpose", answer="no")
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="consent", answer="no")
    with pytest.raises(ValidationError):
        services.sharing_decision_complete(actor=actor, decision=decision, reasons="  ")
    decision = services.sharing_decision_complete(actor=actor, decision=decision, reasons="No legitimate purpose.")
    assert decision.is_locked
    with pytest.raises(InvalidTransition):
        services.sharing_decision_answer(actor=actor, decision=decision, question="purpose", answer="yes")


def test_sharing_special_category_data_needs_an_article_9_condition(setup, child):
    actor = setup.north.social_worker
    with pytest.raises(ValidationError) as error:
        services.sharing_decision_record(
            actor=actor,
            child=child,
            request=request_to(setup.health),
            answers={"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"},
            reasons="Risk of significant harm",
            shared=shared_details(categories=["health"]),
        )
    assert "article_9_condition" in error.value.message_dict
    decision = services.sharing_decision_record(
        actor=actor,
        child=child,
        request=request_to(setup.health),
        answers={"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"},
        reasons="Risk of significant harm",
        shared=shared_details(
            categories=["health"],
            article_9_condition=basis("9(2)(h)"),
            individual_told=False,
            not_told_reason="would_increase_risk",
        ),
    )
    assert decision.article_9_condition.code == "9(2)(h)"


def test_consent_is_not_a_basis_when_sharing_without_consent(setup, child):
    with pytest.raises(ValidationError) as error:
        services.sharing_decision_record(
            actor=setup.north.social_worker,
            child=child,
            request=request_to(setup.health),
            answers={"purpose": "yes", "consent": "no", "identifiable": "no"},
            reasons="Anonymised",
            shared=shared_details(article_6_basis=basis("6(1)(a)")),
        )
    assert "article_6_basis" in error.value.message_dict


def test_unsure_goes_to_the_caldicott_guardian_who_advises_and_the_practitioner_finishes(setup, child):
    actor = setup.north.social_worker
    decision = services.sharing_decision_start(actor=actor, child=child, request=request_to(setup.health))
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="purpose", answer="unsure")
    assert decision.outcome == "seek_advice"
    with pytest.raises(InvalidTransition):
        services.sharing_decision_complete(actor=actor, decision=decision, reasons="x")
    decision = services.sharing_decision_request_advice(
        actor=actor, decision=decision, question="Is this a legitimate purpose?"
    )
    escalation = decision.advice_escalation
    assert escalation.kind == Escalation.Kind.SHARING_ADVICE_REQUESTED
    assert set(escalation.assignees.all()) == {setup.north.caldicott, setup.north.info_lead}

    with pytest.raises(PermissionDenied):
        services.sharing_decision_record_advice(actor=setup.south.caldicott, decision=decision, advice="x")
    decision = services.sharing_decision_record_advice(
        actor=setup.north.caldicott, decision=decision, advice="Yes: planning support is a legitimate purpose."
    )
    escalation.refresh_from_db()
    assert escalation.status == "resolved"
    assert Notification.objects.filter(recipient=actor, event_key=f"sharing-decision:{decision.pk}:advice").exists()

    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="purpose", answer="yes")
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="consent", answer="no")
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="identifiable", answer="no")
    decision = services.sharing_decision_complete(
        actor=actor, decision=decision, reasons="As advised", shared=shared_details()
    )
    assert decision.status == "completed"
    assert decision.advice.startswith("Yes")


def test_sharing_over_a_refusal_raises_a_consent_overridden_escalation(setup, child):
    services.consent_record(
        actor=setup.north.social_worker,
        child=child,
        details=services.ConsentDetails(
            given_by="child",
            purpose=Purpose.SAFEGUARDING,
            status="refused",
            method="verbal_in_person",
            decided_on=date.today(),
        ),
    )
    decision = services.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=request_to(setup.health),
        answers={"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"},
        reasons="Risk of significant harm outweighs the refusal",
        shared=shared_details(individual_told=False, not_told_reason="would_increase_risk"),
    )
    assert Escalation.objects.filter(kind=Escalation.Kind.CONSENT_OVERRIDDEN, subject_id=decision.pk).count() == 1


def test_an_amendment_keeps_the_original(setup, child):
    actor = setup.north.social_worker
    original = services.sharing_decision_record(
        actor=actor,
        child=child,
        request=request_to(setup.health),
        answers={"purpose": "no", "consent": "no"},
        reasons="No purpose",
    )
    amendment = services.sharing_decision_amend(actor=actor, original=original, reason="The purpose was misread")
    assert amendment.amends == original
    assert amendment.status == "draft"
    original.refresh_from_db()
    assert original.is_locked and original.reasons == "No purpose"
    with pytest.raises(PermissionDenied):
        services.sharing_decision_amend(actor=setup.south.social_worker, original=original, reason="x")


# --- Privacy notices -----------------------------------------------------------------------------


def add_significant_other(setup, child, obtained_on):
    return core.person_add_to_child(
        actor=setup.north.social_worker,
        child=child,
        person=core.PersonDetails(first_name="Alex", last_name="Visitor"),
        relationship=core.RelationshipDetails(kind="significant_other", source="third_party", obtained_on=obtained_on),
    )


def test_a_privacy_notice_is_owed_when_details_come_from_a_third_party(setup, child):
    link = add_significant_other(setup, child, date(2026, 1, 31))
    notice = PrivacyNotice.objects.get(relationship=link)
    assert notice.due_on == date(2026, 3, 2)
    assert notice.responsible == setup.north.social_worker
    core.person_add_to_child(
        actor=setup.north.social_worker,
        child=child,
        person=core.PersonDetails(first_name="Mum", last_name="Self"),
        relationship=core.RelationshipDetails(kind="mother", source="person"),
    )
    assert PrivacyNotice.objects.count() == 1


def test_reminders_go_seven_days_before_and_on_the_day_once_each(setup, child, time_machine):
    add_significant_other(setup, child, date(2026, 4, 15))  # due Friday 15 May 2026
    worker = setup.north.social_worker

    def reminders():
        return Notification.objects.filter(recipient=worker, event_key__contains="reminder").count()

    assert sweeps.run("send_privacy_notice_reminders", today=date(2026, 5, 7)).counts == {"reminders_sent": 0}
    sweeps.run("send_privacy_notice_reminders", today=date(2026, 5, 8))
    sweeps.run("send_privacy_notice_reminders", today=date(2026, 5, 8))
    assert reminders() == 1
    sweeps.run("send_privacy_notice_reminders", today=date(2026, 5, 15))
    sweeps.run("send_privacy_notice_reminders", today=date(2026, 5, 15))
    assert reminders() == 2


def test_a_reminder_missed_while_the_worker_was_down_is_sent_when_it_is_back(setup, child):
    add_significant_other(setup, child, date(2026, 4, 15))  # reminder due 8 May
    # Nothing ran from 7 May until 11 May.
    sweeps.run("send_privacy_notice_reminders", today=date(2026, 5, 11))
    assert Notification.objects.filter(event_key__endswith="reminder:7-days").count() == 1


def test_overdue_notices_escalate_to_the_team_manager_and_lead_information_officer_once(setup, child):
    add_significant_other(setup, child, date(2026, 4, 15))
    assert sweeps.run("escalate_overdue_privacy_notices", today=date(2026, 5, 15)).counts == {"escalations_raised": 0}
    assert sweeps.run("escalate_overdue_privacy_notices", today=date(2026, 5, 18)).counts == {"escalations_raised": 1}
    assert sweeps.run("escalate_overdue_privacy_notices", today=date(2026, 5, 19)).counts == {"escalations_raised": 0}
    escalation = Escalation.objects.get(kind=Escalation.Kind.PRIVACY_NOTICE_OVERDUE)
    assert set(escalation.assignees.all()) == {setup.north.cin_manager, setup.north.info_lead}


def test_closing_a_notice_stops_the_clock(setup, child):
    link = add_significant_other(setup, child, date(2026, 4, 15))
    notice = link.privacy_notice
    with pytest.raises(ValidationError):
        services.privacy_notice_mark_exempt(
            actor=setup.north.social_worker, notice=notice, exemption="impair_purpose", justification=""
        )
    services.privacy_notice_mark_exempt(
        actor=setup.north.social_worker,
        notice=notice,
        exemption="impair_purpose",
        justification="Telling him would alert him to the enquiry.",
    )
    assert sweeps.run("escalate_overdue_privacy_notices", today=date(2026, 6, 1)).counts == {"escalations_raised": 0}
    with pytest.raises(InvalidTransition):
        services.privacy_notice_mark_provided(
            actor=setup.north.social_worker, notice=notice, how="letter", provided_on=date(2026, 5, 1)
        )
    assert SharingDecision.objects.count() == 0
    assert ConsentRecord.objects.count() == 0


def test_a_workflow_that_checked_access_itself_can_record_for_a_child_the_actor_cannot_see(setup, child):
    outsider = setup.health_visitor
    details = services.ConsentDetails(
        given_by="child",
        purpose=Purpose.MAST_REFERRAL,
        status="not_sought",
        decided_on=date.today(),
        not_sought_reason="child_at_risk",
        explanation="Asking would alert the abuser",
    )
    with pytest.raises(PermissionDenied):
        services.consent_record(actor=outsider, child=child, details=details)
    record = services.consent_record(actor=outsider, child=child, details=details, caller_checked_access=True)
    assert record.recorded_by == outsider
    decision = services.sharing_decision_record(
        actor=outsider,
        child=child,
        request=request_to(setup.north.org),
        reasons="Significant harm",
        answers={"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"},
        shared=shared_details(),
        caller_checked_access=True,
    )
    assert decision.status == "completed"
    # Recording never opens the record itself.
    assert not can_see(outsider, child)
