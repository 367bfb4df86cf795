"""Services: drafts, sending with consent and the sharing decision, screening, escalation, alerts."""

import threading
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from portal.access import has_object_permission
from portal.models import ChildAccessGrant, Escalation, Notification
from portal.selectors import child_list_for_user
from portal.services import InvalidTransition
from referrals import services
from referrals.models import MastAlert, MastReferral, Outcome, Screening
from sharing import selectors as sharing_selectors
from sharing.models import ConsentRecord, Purpose, SharingDecision
from tests.factories import make_child
from tests.referrals import factories
from tests.referrals.factories import health_child, sent, start

LONDON = ZoneInfo("Europe/London")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


# --- Drafts --------------------------------------------------------------------------------------


def test_starting_twice_with_the_same_key_makes_one_draft(setup):
    key = uuid.uuid4()
    first, created = services.referral_start(actor=setup.health_visitor, creation_key=key)
    again, created_again = services.referral_start(actor=setup.health_visitor, creation_key=key)
    assert created and not created_again
    assert first.pk == again.pk
    assert MastReferral.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.referral_start(actor=setup.north.social_worker, creation_key=key)


def test_roles_without_referral_permission_cannot_start(setup):
    with pytest.raises(PermissionDenied):
        services.referral_start(actor=setup.north.caldicott, creation_key=uuid.uuid4())


def test_a_referrer_only_refers_a_child_whose_record_they_work_on(setup):
    south_child = make_child(worker=setup.south.social_worker, team=setup.south.cin)
    with pytest.raises(PermissionDenied):
        services.referral_start(actor=setup.health_visitor, creation_key=uuid.uuid4(), child=south_child)
    referral = start(setup.health_visitor)
    with pytest.raises(PermissionDenied):
        services.referral_choose_child(actor=setup.health_visitor, referral=referral, child=south_child)


def test_recording_a_new_child_puts_them_in_the_referrers_team(setup):
    from portal.services import ChildDetails

    referral = start(setup.health_visitor)
    child = services.referral_create_child(
        actor=setup.health_visitor,
        referral=referral,
        details=ChildDetails(first_name="Nia", last_name="New", local_authority=setup.north.org),
        team=setup.health_team,
    )
    referral.refresh_from_db()
    assert referral.child == child
    assert child.allocated_team == setup.health_team and child.allocated_worker == setup.health_visitor


def test_only_the_referrer_changes_a_draft_and_answers_that_no_longer_apply_are_cleared(setup):
    referral = start(setup.health_visitor, health_child(setup))
    with pytest.raises(PermissionDenied):
        services.referral_update(
            actor=setup.north.screener, referral=referral, section="concern", changes={"what_happened": "x"}
        )
    services.referral_update(
        actor=setup.health_visitor,
        referral=referral,
        section="family",
        changes={"family_told": True, "family_told_detail": "Told them", "family_not_told_reason": ""},
    )
    referral = services.referral_update(
        actor=setup.health_visitor,
        referral=referral,
        section="family",
        changes={"family_told": False, "family_not_told_reason": "would_increase_risk"},
    )
    assert referral.family_told_detail == ""
    with pytest.raises(ValueError, match="Not part of"):
        services.referral_update(actor=setup.health_visitor, referral=referral, section="family", changes={"x": 1})


def test_an_incomplete_referral_is_not_sent(setup):
    referral = start(setup.health_visitor, health_child(setup))
    with pytest.raises(services.IncompleteReferral) as error:
        services.referral_submit(actor=setup.health_visitor, referral=referral)
    assert {p.section for p in error.value.problems} == {"concern", "family", "consent"}
    referral.refresh_from_db()
    assert referral.status == "draft" and referral.reference == ""
    assert ConsentRecord.objects.count() == 0


# --- Sending -------------------------------------------------------------------------------------


@time_machine.travel(at(2026, 4, 17, 15, 30), tick=False)
def test_sending_without_consent_records_the_reason_and_a_decision_in_the_childs_sharing_log(setup):
    child = health_child(setup)
    referral = sent(setup, child=child, consent="not_sought")

    assert referral.status == "submitted"
    assert referral.reference == f"MAST-2026-{referral.pk:06d}"
    assert referral.authority == setup.north.org
    assert referral.screening_due == date(2026, 4, 20)  # Friday -> Monday
    screening = Screening.objects.get(referral=referral)
    assert screening.due_on == date(2026, 4, 20) and screening.authority == setup.north.org

    consent = referral.consent_record
    assert consent.status == ConsentRecord.Status.NOT_SOUGHT
    assert consent.not_sought_reason == ConsentRecord.NotSoughtReason.CHILD_AT_RISK
    assert consent.purpose == Purpose.MAST_REFERRAL
    assert consent.explanation

    decision = referral.sharing_decision
    assert decision in sharing_selectors.decision_log_for_child(child=child)
    assert decision.status == SharingDecision.Status.COMPLETED and decision.outcome == "share"
    assert decision.answers == {
        "purpose": "yes",
        "consent": "no",
        "identifiable": "yes",
        "lawful_without_consent": "yes",
    }
    assert decision.context_id == referral.pk and decision.context_type.model == "mastreferral"
    assert decision.purpose == Purpose.MAST_REFERRAL
    assert decision.recipient_organisation == setup.north.org
    assert decision.article_6_basis.code == "6(1)(e)"
    assert decision.article_9_condition.code == "9(2)(g)"  # health information included
    assert decision.schedule_1_condition.code == "DPA 2018 Sch 1 para 18"
    assert decision.legal_gateway.name == "Children Act 1989"
    assert decision.individual_told is False and decision.not_told_reason == "would_increase_risk"
    assert "increased risk of significant harm" in decision.reasons


def test_sending_with_agreement_relies_on_the_consent_given(setup):
    child = health_child(setup)
    referral = sent(setup, child=child, consent="given", concern={"information_categories": ["identity", "family"]})
    decision = referral.sharing_decision
    assert decision.with_consent and decision.consent_record == referral.consent_record
    assert decision.article_9_condition is None
    assert decision.individual_told is True
    in_force = sharing_selectors.consent_in_force(
        subject=child, recipient=setup.north.org, purpose=Purpose.MAST_REFERRAL, at=decision.completed_at
    )
    assert in_force == referral.consent_record
    assert referral.consent_record.given_by_person.full_name == "Jo Parent"


def test_sending_over_a_refusal_is_escalated_to_the_referrers_caldicott_guardian(setup):
    referral = sent(setup, consent="refused")
    escalation = Escalation.objects.get(kind=Escalation.Kind.CONSENT_OVERRIDDEN)
    assert escalation.subject == referral.sharing_decision
    assert escalation.organisation == setup.health


def test_sending_opens_the_referral_to_the_authoritys_mast_and_the_child_to_that_team(setup):
    child = health_child(setup)
    referral = sent(setup, child=child)
    assert has_object_permission(setup.north.screener, "screen_mastreferral", referral)
    assert has_object_permission(setup.north.mast_manager, "view_mastreferral", referral)
    assert not has_object_permission(setup.south.screener, "view_mastreferral", referral)
    # The referrer keeps sight of it but can no longer change it.
    assert has_object_permission(setup.health_visitor, "view_mastreferral", referral)
    assert not has_object_permission(setup.health_visitor, "change_mastreferral", referral)
    grant = ChildAccessGrant.objects.get(child=child, basis=ChildAccessGrant.Basis.REFERRAL)
    assert grant.team == setup.north.mast and grant.source == referral
    assert child in child_list_for_user(user=setup.north.screener)
    # MAST is told a referral is waiting; nobody else is.
    told = set(Notification.objects.filter(subject__startswith="New MAST referral").values_list("recipient", flat=True))
    assert told == {setup.north.screener.pk, setup.north.mast_manager.pk}


def test_a_sent_referral_cannot_be_changed_or_sent_again(setup):
    referral = sent(setup)
    counts = (ConsentRecord.objects.count(), SharingDecision.objects.count(), Screening.objects.count())
    with pytest.raises(InvalidTransition):
        services.referral_submit(actor=setup.health_visitor, referral=referral)
    with pytest.raises(InvalidTransition):
        services.referral_update(
            actor=setup.health_visitor, referral=referral, section="concern", changes={"what_happened": "Changed"}
        )
    assert (ConsentRecord.objects.count(), SharingDecision.objects.count(), Screening.objects.count()) == counts
    assert MastReferral.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_submits_at_the_same_moment_send_one_referral(postgres, setup):
    referral = factories.fill(start(setup.health_visitor, health_child(setup)), setup.health_visitor)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def submit():
        try:
            barrier.wait()
            services.referral_submit(actor=setup.health_visitor, referral=referral)
            results.append("sent")
        except InvalidTransition:
            results.append("already sent")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["already sent", "sent"]
    assert ConsentRecord.objects.count() == 1
    assert SharingDecision.objects.count() == 1
    assert Screening.objects.count() == 1


# --- Screening -----------------------------------------------------------------------------------


def test_screening_a_referral_and_telling_the_referrer_the_outcome(setup, django_capture_on_commit_callbacks):
    referral = sent(setup)
    screener = setup.north.screener
    with pytest.raises(InvalidTransition):
        services.screening_outcome_record(actor=screener, referral=referral, outcome="early_help", reasons="x")
    services.screening_start(actor=screener, referral=referral)
    with pytest.raises(InvalidTransition):
        services.screening_start(actor=setup.north.mast_manager, referral=referral)
    check = services.screening_check_record(
        actor=screener,
        referral=referral,
        details=services.CheckDetails(agency="GP surgery", checked_on=date.today(), information="Not seen since May."),
    )
    assert check.screening.authority == setup.north.org
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.screening_outcome_record(
            actor=screener,
            referral=referral,
            outcome=Outcome.STRATEGY_DISCUSSION,
            reasons="Reasonable cause to suspect significant harm.",
        )
    referral.refresh_from_db()
    assert referral.status == "outcome_recorded" and referral.outcome == Outcome.STRATEGY_DISCUSSION
    screening = referral.screenings.get()
    assert screening.decided_by == screener and screening.started_by == screener
    notification = Notification.objects.get(recipient=setup.health_visitor, subject__startswith="Outcome")
    assert notification.subject == f"Outcome of your MAST referral {referral.reference}: Strategy discussion (s47)"
    assert notification.link == referral.get_absolute_url()
    assert [m.to for m in mail.outbox] == [[setup.health_visitor.email]]
    assert "Strategy discussion" in mail.outbox[0].subject
    with pytest.raises(InvalidTransition):
        services.screening_outcome_record(actor=screener, referral=referral, outcome="early_help", reasons="x")


@pytest.mark.parametrize("who", ["health_visitor", "north.cin_manager", "north.social_worker", "south.screener"])
def test_only_mast_of_the_authority_screens(setup, who):
    referral = sent(setup)
    user = setup.health_visitor if who == "health_visitor" else getattr(getattr(setup, who.split(".")[0]), who[6:])
    with pytest.raises(PermissionDenied):
        services.screening_start(actor=user, referral=referral)


def test_an_outcome_needs_reasons(setup):
    referral = sent(setup)
    services.screening_start(actor=setup.north.screener, referral=referral)
    with pytest.raises(ValidationError) as error:
        services.screening_outcome_record(actor=setup.north.screener, referral=referral, outcome="nope", reasons=" ")
    assert set(error.value.message_dict) == {"outcome", "reasons"}
    with pytest.raises(ValidationError) as error:
        services.screening_outcome_record(
            actor=setup.north.screener, referral=referral, outcome=Outcome.PASSED_TO_ANOTHER_AUTHORITY, reasons="Moved"
        )
    assert "passed_to" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.screening_outcome_record(
            actor=setup.north.screener,
            referral=referral,
            outcome=Outcome.PASSED_TO_ANOTHER_AUTHORITY,
            reasons="Moved",
            passed_to=setup.north.org,
        )


def test_passing_to_another_authority_opens_it_to_that_mast_and_nobody_else_there(setup):
    child = health_child(setup)
    referral = sent(setup, child=child)
    factories.screened(setup, referral, outcome=Outcome.PASSED_TO_ANOTHER_AUTHORITY, passed_to=setup.south.org)
    referral.refresh_from_db()
    assert referral.status == "submitted" and referral.authority == setup.south.org
    assert services.can_screen(setup.south.screener, referral)
    assert not services.can_screen(setup.north.screener, referral)
    assert has_object_permission(setup.north.screener, "view_mastreferral", referral)  # keeps what it screened
    for user in (setup.south.social_worker, setup.south.cin_manager, setup.south.caldicott):
        assert not has_object_permission(user, "view_mastreferral", referral)
        assert child not in child_list_for_user(user=user)
    assert Notification.objects.get(recipient=setup.health_visitor).subject.endswith("passed to South Council")
    assert Notification.objects.filter(recipient=setup.south.screener, subject__startswith="New MAST").exists()

    factories.screened(setup, referral, outcome=Outcome.CIN_ASSESSMENT, screener=setup.south.screener)
    referral.refresh_from_db()
    assert referral.status == "outcome_recorded" and referral.outcome == Outcome.CIN_ASSESSMENT
    assert [s.outcome for s in referral.screenings.order_by("pk")] == ["passed_to_another_authority", "cin_assessment"]
    assert Notification.objects.filter(recipient=setup.health_visitor).count() == 2


# --- The screening clock -------------------------------------------------------------------------


def test_overdue_screening_goes_to_the_mast_manager_then_the_caldicott_guardian_once_each(setup):
    with time_machine.travel(at(2026, 3, 5, 11, 0), tick=False):  # Thursday: due Friday 6 March
        referral = sent(setup)
        other = sent(setup)
        factories.screened(setup, other, outcome=Outcome.NO_FURTHER_ACTION)
    screening = referral.screenings.get()

    assert services.screening_escalate_overdue(today=date(2026, 3, 6)) == {"escalations_raised": 0}

    assert services.screening_escalate_overdue(today=date(2026, 3, 9)) == {"escalations_raised": 1}
    level_1 = Escalation.objects.get(kind=Escalation.Kind.SCREENING_OVERDUE)
    assert level_1.subject == screening and level_1.level == 1
    assert set(level_1.assignees.all()) == {setup.north.mast_manager}
    assert level_1.organisation == setup.north.org and level_1.child == referral.child
    assert referral.reference in level_1.summary
    assert services.screening_escalate_overdue(today=date(2026, 3, 9)) == {"escalations_raised": 0}

    assert services.screening_escalate_overdue(today=date(2026, 3, 10)) == {"escalations_raised": 1}
    level_2 = Escalation.objects.get(kind=Escalation.Kind.SCREENING_OVERDUE, level=2)
    assert set(level_2.assignees.all()) == {setup.north.caldicott, setup.north.info_lead}
    assert services.screening_escalate_overdue(today=date(2026, 3, 20)) == {"escalations_raised": 0}
    assert Escalation.objects.filter(kind=Escalation.Kind.SCREENING_OVERDUE).count() == 2
    assert (
        Notification.objects.filter(recipient=setup.north.mast_manager, subject__startswith="Escalation").count() == 1
    )


def test_a_screening_left_late_for_days_raises_both_levels_in_one_run(setup):
    with time_machine.travel(at(2026, 3, 5, 11, 0), tick=False):
        sent(setup)
    assert services.screening_escalate_overdue(today=date(2026, 3, 16)) == {"escalations_raised": 2}


# --- Alerts --------------------------------------------------------------------------------------


def test_another_agency_alerts_mast_that_a_child_in_need_has_moved_in(setup):
    alert = factories.alert(setup)
    assert alert.status == "new" and alert.raised_by_organisation == setup.health
    assert services.can_act_on_alert(setup.north.screener, alert)
    assert not services.can_act_on_alert(setup.south.screener, alert)
    assert not services.can_act_on_alert(setup.health_visitor, alert)
    assert Notification.objects.filter(recipient=setup.north.screener, subject__startswith="New alert").exists()


def test_social_care_alerts_on_unknown_whereabouts_with_a_risk_assessment(setup):
    child = make_child(worker=setup.south.social_worker, team=setup.south.cin)
    with pytest.raises(ValidationError) as error:
        factories.alert(setup, actor=setup.south.social_worker, kind=MastAlert.Kind.WHEREABOUTS_UNKNOWN, child=child)
    assert "risk_assessment" in error.value.message_dict
    alert = factories.alert(
        setup,
        actor=setup.south.social_worker,
        kind=MastAlert.Kind.WHEREABOUTS_UNKNOWN,
        child=child,
        risk_assessment="Neglect plan; family left overnight.",
    )
    assert alert.child == child


def test_who_raises_which_alert(setup):
    with pytest.raises(ValidationError) as error:
        factories.alert(setup, actor=setup.south.social_worker)
    assert "transfer" in error.value.message_dict["kind"][0]
    with pytest.raises(ValidationError) as error:
        factories.alert(setup, kind=MastAlert.Kind.WHEREABOUTS_UNKNOWN, risk_assessment="x")
    assert "make a referral" in error.value.message_dict["kind"][0]
    with pytest.raises(ValidationError) as error:
        factories.alert(setup, child_first_name="", what_is_known="")
    assert set(error.value.message_dict) == {"child_first_name", "what_is_known"}
    with pytest.raises(PermissionDenied):
        factories.alert(setup, actor=setup.north.caldicott)


def test_mast_acknowledges_links_and_closes_an_alert(setup):
    alert = factories.alert(setup)
    screener = setup.north.screener
    child = health_child(setup)
    referral = sent(setup, child=child)  # north MAST now sees the child and the referral

    with pytest.raises(PermissionDenied):
        services.alert_acknowledge(actor=setup.health_visitor, alert=alert)
    services.alert_acknowledge(actor=screener, alert=alert)
    services.alert_link_child(actor=screener, alert=alert, child=child)
    services.alert_link_referral(actor=screener, alert=alert, referral=referral)
    services.alert_link_transfer(actor=screener, alert=alert, transfer=setup.north.cin)  # any model, generically
    alert.refresh_from_db()
    assert (alert.status, alert.child, alert.referral, alert.transfer) == (
        "acknowledged",
        child,
        referral,
        setup.north.cin,
    )

    hidden = make_child(worker=setup.south.social_worker, team=setup.south.cin)
    with pytest.raises(PermissionDenied):
        services.alert_link_child(actor=screener, alert=alert, child=hidden)
    with pytest.raises(ValidationError):
        services.alert_close(actor=screener, alert=alert, action_taken=" ")
    services.alert_close(actor=screener, alert=alert, action_taken="Asked Westshire for the CIN plan.")
    with pytest.raises(InvalidTransition):
        services.alert_link_child(actor=screener, alert=alert, child=child)
    alert.refresh_from_db()
    assert alert.is_closed and alert.closed_by == screener
    assert [h.history_change_reason for h in alert.history.order_by("history_date")][-1] == "Alert closed"
