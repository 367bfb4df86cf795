"""Referring: a complete draft only; the clock starts, consent and the decision to share are recorded,
and the receiving authority sees the transfer from then on."""

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal import selectors as core_selectors
from portal.models import AccessEvent, Escalation, Notification
from portal.services import InvalidTransition
from sharing.models import ConsentRecord, Purpose, SharingDecision
from tests.factories import build_authority
from tests.transfers.factories import (
    SUMMARY,
    cin_child,
    draft_transfer,
    move_to,
    referred_transfer,
    refused_with_concerns,
)
from tests.transfers.services.lookups import visible
from transfers import selectors, services
from transfers.models import CinTransfer


def test_a_draft_must_be_complete_before_it_is_referred(setup):
    child = cin_child(setup)
    transfer = services.transfer_start(actor=setup.north.social_worker, child=child, move=move_to(setup))
    with pytest.raises(ValidationError) as error:
        services.transfer_refer(actor=setup.north.social_worker, transfer=transfer)
    assert error.value.messages == [
        "Record whether the family agreed to the referral",
        "Complete the Case Transfer Summary",
        "Upload the child's Child in Need plan",
    ]
    transfer.refresh_from_db()
    assert transfer.state == CinTransfer.State.DRAFT


def test_refused_without_child_protection_concerns_cannot_be_referred(setup):
    child = cin_child(setup)
    transfer = draft_transfer(
        setup, child, family=refused_with_concerns(child, protection_concerns="none", advice_from="")
    )
    with pytest.raises(ValidationError, match="only where there are historic or current child protection"):
        services.transfer_refer(actor=setup.north.social_worker, transfer=transfer)


def test_referring_starts_the_clock_records_consent_and_the_sharing_decision(setup):
    today = timezone.localdate()
    transfer = referred_transfer(setup)
    assert transfer.state == CinTransfer.State.REFERRED
    assert transfer.referred_on == today
    assert transfer.decision_due_on == today + timedelta(days=15)
    consent = transfer.consent_record
    assert consent.status == ConsentRecord.Status.GIVEN
    assert consent.purpose == Purpose.CIN_TRANSFER
    assert list(consent.recipient_links.values_list("organisation", flat=True)) == [setup.south.org.pk]
    decision = transfer.sharing_decision
    assert decision.outcome == SharingDecision.Outcome.SHARE
    assert decision.status == SharingDecision.Status.COMPLETED
    assert decision.consent_record == consent
    assert decision.recipient_organisation == setup.south.org
    assert decision.article_6_basis.code == "6(1)(e)"
    assert decision.context_type == ContentType.objects.get_for_model(CinTransfer)
    assert decision.context_id == transfer.pk
    assert "Child in Need plan" in decision.summary_facts


def test_the_decision_days_and_day_kind_settings_are_honoured_at_referral(setup, settings):
    settings.TRANSFER_DECISION_DAYS = 10
    settings.TRANSFER_DECISION_DAY_KIND = "working"
    transfer = referred_transfer(setup, referred_on=date(2026, 3, 2))
    assert transfer.decision_due_on == date(2026, 3, 16)  # 10 working days after Monday 2 March


def test_referring_without_agreement_records_refusal_shares_without_consent_and_alerts_the_guardian(setup):
    child = cin_child(setup)
    transfer = referred_transfer(setup, child=child, family=refused_with_concerns(child))
    assert transfer.consent_record.status == ConsentRecord.Status.REFUSED
    decision = transfer.sharing_decision
    assert decision.outcome == SharingDecision.Outcome.SHARE
    assert decision.consent_answer == "no"
    assert decision.lawful_without_consent_answer == "yes"
    assert "Legal services" in decision.reasons or "legal services" in decision.reasons
    overridden = Escalation.objects.get(kind=Escalation.Kind.CONSENT_OVERRIDDEN)
    assert setup.north.caldicott in overridden.assignees.all()


def test_special_category_information_is_shared_with_an_article_9_condition(setup):
    child = cin_child(setup)
    transfer = draft_transfer(setup, child)
    summary = services.CaseTransferSummary(**{**SUMMARY.__dict__, "information_categories": ["identity", "health"]})
    services.transfer_save_summary(actor=setup.north.social_worker, transfer=transfer, summary=summary)
    transfer = services.transfer_refer(actor=setup.north.social_worker, transfer=transfer)
    assert transfer.sharing_decision.article_9_condition.code == "9(2)(g)"
    assert transfer.sharing_decision.schedule_1_condition.code == "DPA 2018 Sch 1 para 18"


def test_the_receiving_authority_sees_nothing_before_the_referral_and_its_managers_and_mast_after(setup):
    transfer = draft_transfer(setup)
    receiving = [setup.south.cin_manager, setup.south.mast_manager, setup.south.screener]
    assert not any(transfer.pk in visible(u) for u in receiving)
    assert not Notification.objects.filter(recipient__in=receiving).exists()
    services.transfer_refer(actor=setup.north.social_worker, transfer=transfer)
    for user in receiving:
        assert transfer.pk in visible(user)
        assert Notification.objects.filter(recipient=user, event_key=f"cin-transfer:{transfer.pk}:referred").exists()
    # Receiving practitioners outside MAST, and everyone in a third authority, still see nothing.
    west = build_authority("west")
    for user in [setup.south.social_worker, setup.south.early_help_worker, west.cin_manager, west.mast_manager]:
        assert transfer.pk not in visible(user)


def test_before_acceptance_the_receiving_side_has_no_access_to_the_childs_record(setup):
    transfer = referred_transfer(setup)
    assert not core_selectors.child_list_for_user(user=setup.south.cin_manager).filter(pk=transfer.child_id).exists()
    actions = selectors.transfer_actions(user=setup.south.cin_manager, transfer=transfer)
    assert actions.receiving_preview and actions.decide and not actions.see_child


def test_reading_the_preview_goes_in_the_childs_access_log(setup):
    transfer = referred_transfer(setup)
    services.transfer_preview_viewed(actor=setup.south.cin_manager, transfer=transfer)
    event = AccessEvent.objects.get(child=transfer.child)
    assert event.user == setup.south.cin_manager
    assert transfer.reference in event.access_basis


def test_a_draft_cannot_be_changed_once_referred(setup):
    transfer = referred_transfer(setup)
    with pytest.raises(InvalidTransition):
        services.transfer_save_summary(actor=setup.north.social_worker, transfer=transfer, summary=SUMMARY)
    with pytest.raises(InvalidTransition):
        services.transfer_refer(actor=setup.north.social_worker, transfer=transfer)
