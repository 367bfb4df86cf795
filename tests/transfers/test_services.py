"""The transfer workflow through its services: who may do what, what each step records, and how
case responsibility and access move."""

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from guardian.shortcuts import assign_perm

from portal import selectors as core_selectors
from portal.access import has_object_permission
from portal.models import AccessEvent, ChildAccessGrant, Escalation, Notification, Tier
from portal.services import InvalidTransition
from sharing.models import ConsentRecord, Purpose, SharingDecision
from tests.factories import UserFactory, build_authority, join, make_child
from tests.transfers.factories import (
    SUMMARY,
    accept,
    agreed,
    cin_child,
    draft_transfer,
    move_to,
    pdf_upload,
    referred_transfer,
    refused_with_concerns,
)
from transfers import selectors, services
from transfers.models import CinTransfer, FamilyUpdate, TransferDocument, TransferRequest


def visible(user) -> set[int]:
    return set(selectors.transfer_list_for_user(user=user).values_list("pk", flat=True))


def escalations(transfer, kind=None):
    found = Escalation.objects.filter(
        subject_type=ContentType.objects.get_for_model(CinTransfer), subject_id=transfer.pk
    )
    return found.filter(kind=kind) if kind else found


# --- Starting ------------------------------------------------------------------------------------


def test_only_the_childs_team_can_start_a_transfer(setup):
    child = cin_child(setup)
    with pytest.raises(PermissionDenied):
        services.transfer_start(actor=setup.south.social_worker, child=child, move=move_to(setup))
    with pytest.raises(PermissionDenied):
        services.transfer_start(actor=setup.north.caldicott, child=child, move=move_to(setup))
    transfer = services.transfer_start(actor=setup.north.social_worker, child=child, move=move_to(setup))
    assert transfer.state == CinTransfer.State.DRAFT
    assert transfer.sending_team == setup.north.cin
    assert transfer.sending_authority == setup.north.org
    assert transfer.history.first().history_change_reason == "Transfer started"


def test_a_transfer_is_for_a_child_in_need_case_to_another_authority(setup):
    below = make_child(worker=setup.north.social_worker, team=setup.north.cin, tier=Tier.EARLY_INTERVENTION)
    with pytest.raises(ValidationError, match="Tier 4"):
        services.transfer_start(actor=setup.north.social_worker, child=below, move=move_to(setup))
    child = cin_child(setup)
    with pytest.raises(ValidationError) as error:
        services.transfer_start(actor=setup.north.social_worker, child=child, move=move_to(setup, "north"))
    assert "another local authority" in error.value.message_dict["receiving_authority"][0]
    wrong_team = move_to(setup, receiving_team=setup.north.cin)
    with pytest.raises(ValidationError) as error:
        services.transfer_start(actor=setup.north.social_worker, child=child, move=wrong_team)
    assert "receiving_team" in error.value.message_dict


def test_a_child_has_one_open_transfer_at_a_time(setup):
    transfer = draft_transfer(setup)
    with pytest.raises(ValidationError, match="already has a transfer in progress"):
        services.transfer_start(actor=setup.north.social_worker, child=transfer.child, move=move_to(setup))
    services.transfer_withdraw(actor=setup.north.social_worker, transfer=transfer, reason="Did not move")
    again = services.transfer_start(actor=setup.north.social_worker, child=transfer.child, move=move_to(setup))
    assert again.pk != transfer.pk


def test_a_draft_is_seen_only_by_the_sending_team(setup):
    transfer = draft_transfer(setup)
    assert transfer.pk in visible(setup.north.social_worker)
    assert transfer.pk in visible(setup.north.cin_manager)
    for user in [
        setup.south.cin_manager,
        setup.south.mast_manager,
        setup.south.screener,
        setup.north.early_help_worker,
    ]:
        assert transfer.pk not in visible(user)


def test_a_model_permission_or_superuser_status_never_opens_every_transfer(setup):
    transfer = draft_transfer(setup)
    admin = UserFactory(is_superuser=True, organisation=setup.south.org, roles=["team_manager"])
    assert admin.has_perm("transfers.view_cintransfer")
    assert transfer.pk not in visible(admin)


# --- The family's agreement ----------------------------------------------------------------------


def test_refused_with_child_protection_concerns_needs_the_reason_and_the_advice(setup):
    transfer = draft_transfer(setup)
    details = refused_with_concerns(
        transfer.child, proceed_reason="", advice_from="", advice_by="", advice_on=None, advice_summary=""
    )
    with pytest.raises(ValidationError) as error:
        services.transfer_record_family_agreement(actor=setup.north.social_worker, transfer=transfer, details=details)
    assert set(error.value.message_dict) == {
        "proceed_reason",
        "advice_from",
        "advice_by",
        "advice_on",
        "advice_summary",
    }
    transfer = services.transfer_record_family_agreement(
        actor=setup.north.social_worker, transfer=transfer, details=refused_with_concerns(transfer.child)
    )
    assert transfer.advice_from == CinTransfer.AdviceFrom.LEGAL_SERVICES
    assert transfer.proceed_reason.startswith("Current concerns")


def test_not_sought_needs_the_reason_and_a_family_not_told_needs_why(setup):
    transfer = draft_transfer(setup)
    details = services.FamilyAgreementDetails(
        agreement="not_sought", protection_concerns="none", family_told=False, proceed_reason=""
    )
    with pytest.raises(ValidationError) as error:
        services.transfer_record_family_agreement(actor=setup.north.social_worker, transfer=transfer, details=details)
    assert set(error.value.message_dict) == {"proceed_reason", "not_told_reason"}


def test_agreement_from_someone_without_parental_responsibility_is_refused(setup):
    from tests.factories import PersonFactory, relate

    transfer = draft_transfer(setup)
    uncle = PersonFactory()
    relate(transfer.child, uncle, "other")
    with pytest.raises(ValidationError) as error:
        services.transfer_record_family_agreement(
            actor=setup.north.social_worker, transfer=transfer, details=agreed(transfer.child, person=uncle)
        )
    assert "parental responsibility" in error.value.message_dict["given_by"][0]


# --- Referring -----------------------------------------------------------------------------------


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


# --- Documents -----------------------------------------------------------------------------------


def test_documents_are_stored_under_a_random_name_with_their_checks(setup):
    transfer = draft_transfer(setup)
    document = transfer.documents.get()
    assert document.kind == TransferDocument.Kind.CIN_PLAN
    assert document.content_type == "application/pdf"
    assert document.original_name == "cin-plan.pdf"
    assert "cin-plan" not in document.file.name
    assert len(document.sha256) == 64
    assert document.file.read().startswith(b"%PDF-")


def test_a_disguised_file_is_refused_and_nothing_is_stored(setup):
    from django.core.files.uploadedfile import SimpleUploadedFile

    transfer = draft_transfer(setup)
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 a program", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.transfer_document_add(
            actor=setup.north.social_worker,
            transfer=transfer,
            details=services.DocumentDetails(kind="cin_plan", title="Plan"),
            upload=fake,
        )
    assert "contents do not match its name" in error.value.message_dict["file"][0]
    assert transfer.documents.count() == 1


def test_minutes_need_the_meeting_date(setup):
    transfer = draft_transfer(setup)
    with pytest.raises(ValidationError) as error:
        services.transfer_document_add(
            actor=setup.north.social_worker,
            transfer=transfer,
            details=services.DocumentDetails(kind="minutes", title="Review"),
            upload=pdf_upload("minutes.pdf"),
        )
    assert "meeting_on" in error.value.message_dict


def test_recent_minutes_can_follow_the_referral_until_the_decision(setup):
    transfer = referred_transfer(setup)
    details = services.DocumentDetails(kind="minutes", title="Review", meeting_on=timezone.localdate())
    services.transfer_document_add(
        actor=setup.north.social_worker, transfer=transfer, details=details, upload=pdf_upload("m.pdf")
    )
    assert Notification.objects.filter(
        recipient=setup.south.cin_manager, event_key__startswith=f"cin-transfer:{transfer.pk}:document:"
    ).exists()
    with pytest.raises(PermissionDenied):
        services.transfer_document_add(
            actor=setup.south.cin_manager, transfer=transfer, details=details, upload=pdf_upload("m.pdf")
        )
    accept(setup, transfer)
    with pytest.raises(PermissionDenied):
        services.transfer_document_add(
            actor=setup.north.social_worker, transfer=transfer, details=details, upload=pdf_upload("m.pdf")
        )


def test_a_document_is_removed_from_a_draft_softly(setup):
    transfer = draft_transfer(setup)
    document = transfer.documents.get()
    services.transfer_document_remove(actor=setup.north.social_worker, document=document)
    document.refresh_from_db()
    assert document.removed_at is not None
    assert not selectors.transfer_documents(transfer=transfer).exists()
    assert selectors.transfer_problems(transfer=transfer)[-1].message == "Upload the child's Child in Need plan"


# --- Deciding ------------------------------------------------------------------------------------


def test_accepting_moves_case_responsibility_and_the_grants_to_the_receiving_team(setup):
    transfer = referred_transfer(setup)
    child = transfer.child
    south_worker = setup.south.social_worker
    transfer = accept(setup, transfer, worker=south_worker, notes="Allocated to Sam")
    child.refresh_from_db()
    assert transfer.state == CinTransfer.State.ACCEPTED
    assert transfer.level_of_need == Tier.CHILD_IN_NEED
    assert transfer.decided_by == setup.south.cin_manager
    assert child.allocated_team == setup.south.cin
    assert child.allocated_worker == south_worker
    # The receiving side now has the whole record; the sending side keeps read access only.
    assert has_object_permission(setup.south.cin_manager, "change_child", child)
    assert has_object_permission(south_worker, "change_child", child)
    assert has_object_permission(setup.north.social_worker, "view_child", child)
    assert not has_object_permission(setup.north.social_worker, "change_child", child)
    assert not has_object_permission(setup.north.cin_manager, "change_child", child)
    grant = ChildAccessGrant.objects.get(child=child, basis=ChildAccessGrant.Basis.TRANSFER, revoked_at__isnull=True)
    assert grant.team == setup.north.cin
    assert grant.level == ChildAccessGrant.Level.VIEW
    assert grant.source == transfer
    # The sending team still reads the transfer but can no longer change it; the receiving team can.
    assert transfer.pk in visible(setup.north.social_worker)
    assert not selectors.can_work_on(setup.north.social_worker, transfer)
    assert selectors.can_work_on(south_worker, transfer)
    assert Notification.objects.filter(
        recipient=setup.north.social_worker, event_key=f"cin-transfer:{transfer.pk}:accepted"
    ).exists()


def test_a_permanent_move_updates_where_the_child_lives_and_the_level_of_need(setup):
    transfer = accept(setup, referred_transfer(setup), level_of_need=Tier.CHILD_PROTECTION)
    child = transfer.child
    child.refresh_from_db()
    assert child.local_authority == setup.south.org
    assert child.address == "4 New Road\nSouthvale"
    assert child.postcode == "ZZ9 9NN"
    assert child.tier == Tier.CHILD_PROTECTION


def test_a_temporary_move_leaves_the_childs_home_authority_alone(setup):
    transfer = referred_transfer(setup, move_kind=CinTransfer.MoveKind.TEMPORARY)
    accept(setup, transfer)
    transfer.child.refresh_from_db()
    assert transfer.child.local_authority == setup.north.org
    assert transfer.child.allocated_team == setup.south.cin


def test_an_unknown_move_is_treated_as_permanent(setup):
    transfer = referred_transfer(setup, move_kind=CinTransfer.MoveKind.UNKNOWN)
    assert transfer.treated_as_permanent
    accept(setup, transfer)
    transfer.child.refresh_from_db()
    assert transfer.child.local_authority == setup.south.org


def test_a_practitioner_cannot_accept_and_a_manager_accepts_only_for_their_own_team(setup):
    transfer = referred_transfer(setup)
    with pytest.raises(PermissionDenied):
        services.transfer_accept(
            actor=setup.south.screener, transfer=transfer, team=setup.south.mast, level_of_need=Tier.CHILD_IN_NEED
        )
    with pytest.raises(PermissionDenied):
        services.transfer_accept(
            actor=setup.south.mast_manager, transfer=transfer, team=setup.south.cin, level_of_need=Tier.CHILD_IN_NEED
        )
    with pytest.raises(PermissionDenied):  # the sending side never decides
        services.transfer_accept(
            actor=setup.north.cin_manager, transfer=transfer, team=setup.north.cin, level_of_need=Tier.CHILD_IN_NEED
        )
    transfer.refresh_from_db()
    assert transfer.state == CinTransfer.State.REFERRED


def test_deciding_needs_the_team_manager_role_not_just_a_managers_flag(setup):
    transfer = referred_transfer(setup)
    practitioner = join(
        UserFactory(organisation=setup.south.org, roles=["practitioner"]), setup.south.cin, manager=True
    )
    # Receiving managers are given the transfer at referral; this one joined later, so give it by hand.
    assign_perm("transfers.view_cintransfer", practitioner, transfer)
    assert selectors.can_view(practitioner, transfer)
    assert not selectors.can_decide(practitioner, transfer)
    with pytest.raises(PermissionDenied):
        services.transfer_accept(
            actor=practitioner, transfer=transfer, team=setup.south.cin, level_of_need=Tier.CHILD_IN_NEED
        )
    assert setup.south.cin_manager.has_perm("transfers.decide_cintransfer")
    assert not setup.south.screener.has_perm("transfers.decide_cintransfer")
    assert not setup.south.caldicott.has_perm("transfers.decide_cintransfer")


def test_the_level_of_need_is_required_to_accept(setup):
    transfer = referred_transfer(setup)
    with pytest.raises(ValidationError) as error:
        accept(setup, transfer, level_of_need=None)
    assert "level_of_need" in error.value.message_dict


def test_acknowledging_keeps_the_clock_running_and_tells_the_referrer(setup):
    transfer = referred_transfer(setup)
    transfer = services.transfer_acknowledge(actor=setup.south.screener, transfer=transfer)
    assert transfer.state == CinTransfer.State.ACKNOWLEDGED
    assert transfer.is_undecided
    assert Notification.objects.filter(
        recipient=setup.north.social_worker, event_key=f"cin-transfer:{transfer.pk}:acknowledged"
    ).exists()
    with pytest.raises(InvalidTransition):
        services.transfer_acknowledge(actor=setup.south.cin_manager, transfer=transfer)
    with pytest.raises(PermissionDenied):
        services.transfer_acknowledge(actor=setup.north.cin_manager, transfer=transfer)
    assert accept(setup, transfer).state == CinTransfer.State.ACCEPTED


def test_declining_opens_a_dispute_and_its_escalation_at_once(setup):
    transfer = referred_transfer(setup)
    with pytest.raises(ValidationError):
        services.transfer_decline(actor=setup.south.cin_manager, transfer=transfer, reason=" ")
    transfer = services.transfer_decline(actor=setup.south.cin_manager, transfer=transfer, reason="Not living here")
    assert transfer.state == CinTransfer.State.DISPUTED
    assert transfer.decline_reason == "Not living here"
    states = list(transfer.history.order_by("history_id").values_list("state", flat=True))
    assert states[-2:] == ["declined", "disputed"]
    dispute = escalations(transfer, Escalation.Kind.TRANSFER_DISPUTED).get()
    assert dispute.level == 1
    assert {setup.north.cin_manager, setup.south.cin_manager} <= set(dispute.assignees.all())
    # The child stays with the sending authority during the dispute.
    transfer.child.refresh_from_db()
    assert transfer.child.allocated_team == setup.north.cin


def test_a_decision_made_second_is_refused_with_a_clear_message(setup):
    transfer = referred_transfer(setup)
    services.transfer_decline(actor=setup.south.cin_manager, transfer=transfer, reason="No")
    with pytest.raises(InvalidTransition, match="already been declined by"):
        accept(setup, transfer)
    with pytest.raises(InvalidTransition):
        services.transfer_withdraw(actor=setup.north.social_worker, transfer=transfer, reason="x")


def test_a_dispute_resolved_with_the_receiving_authority_taking_the_case_moves_it(setup):
    transfer = referred_transfer(setup)
    services.transfer_decline(actor=setup.south.cin_manager, transfer=transfer, reason="No")
    with pytest.raises(PermissionDenied):  # only a receiving manager takes the case for their team
        services.transfer_resolve_dispute(
            actor=setup.north.cin_manager,
            transfer=transfer,
            resolution="receiving_accepts",
            rationale="Agreed",
            team=setup.north.cin,
            level_of_need=4,
        )
    transfer = services.transfer_resolve_dispute(
        actor=setup.south.cin_manager,
        transfer=transfer,
        resolution="receiving_accepts",
        rationale="Heads of service agreed",
        team=setup.south.cin,
        level_of_need=4,
    )
    assert transfer.state == CinTransfer.State.RESOLVED
    assert transfer.responsibility_moved
    transfer.child.refresh_from_db()
    assert transfer.child.allocated_team == setup.south.cin
    assert escalations(transfer, Escalation.Kind.TRANSFER_DISPUTED).get().status == Escalation.Status.RESOLVED


def test_a_dispute_resolved_with_the_sending_authority_keeping_the_case(setup):
    transfer = referred_transfer(setup)
    services.transfer_decline(actor=setup.south.cin_manager, transfer=transfer, reason="No")
    with pytest.raises(PermissionDenied):
        services.transfer_resolve_dispute(
            actor=setup.north.social_worker, transfer=transfer, resolution="sending_retains", rationale="x"
        )
    with pytest.raises(ValidationError):
        services.transfer_resolve_dispute(
            actor=setup.north.cin_manager, transfer=transfer, resolution="sending_retains", rationale=""
        )
    transfer = services.transfer_resolve_dispute(
        actor=setup.north.cin_manager, transfer=transfer, resolution="sending_retains", rationale="Move fell through"
    )
    assert transfer.state == CinTransfer.State.RESOLVED
    assert not transfer.responsibility_moved
    transfer.child.refresh_from_db()
    assert transfer.child.allocated_team == setup.north.cin
    assert Notification.objects.filter(
        recipient=setup.south.cin_manager, event_key=f"cin-transfer:{transfer.pk}:resolved"
    ).exists()


# --- Withdrawing and the family ------------------------------------------------------------------


def test_withdrawing_before_a_decision_needs_a_reason_and_tells_the_receiving_side(setup):
    transfer = referred_transfer(setup)
    with pytest.raises(PermissionDenied):
        services.transfer_withdraw(actor=setup.south.cin_manager, transfer=transfer, reason="x")
    with pytest.raises(ValidationError):
        services.transfer_withdraw(actor=setup.north.social_worker, transfer=transfer, reason="")
    transfer = services.transfer_withdraw(actor=setup.north.social_worker, transfer=transfer, reason="Stayed put")
    assert transfer.state == CinTransfer.State.WITHDRAWN
    assert transfer.withdrawal_reason == "Stayed put"
    assert Notification.objects.filter(
        recipient=setup.south.cin_manager, event_key=f"cin-transfer:{transfer.pk}:withdrawn"
    ).exists()


def test_a_draft_withdrawn_after_the_family_refused_records_the_decision_not_to_share(setup):
    child = cin_child(setup)
    family = refused_with_concerns(child, protection_concerns="none", advice_from="")
    transfer = draft_transfer(setup, child, family=family)
    transfer = services.transfer_withdraw(
        actor=setup.north.social_worker, transfer=transfer, reason="We respect the family's wishes."
    )
    decision = transfer.sharing_decision
    assert decision.outcome == SharingDecision.Outcome.DO_NOT_SHARE
    assert "respect the family's wishes" in decision.reasons
    assert decision.context_id == transfer.pk
    assert transfer.consent_record.status == ConsentRecord.Status.REFUSED


def test_family_updates_log_what_was_told_when_and_by_whom(setup):
    transfer = referred_transfer(setup)
    details = services.FamilyUpdateDetails(
        told_on=timezone.localdate(), who_was_told="Mother", method="phone", what_was_told="Referral made"
    )
    update = services.family_update_record(actor=setup.north.social_worker, transfer=transfer, details=details)
    assert update.told_by == setup.north.social_worker
    with pytest.raises(PermissionDenied):  # the receiving side is not working with the family yet
        services.family_update_record(actor=setup.south.cin_manager, transfer=transfer, details=details)
    future = services.FamilyUpdateDetails(
        told_on=timezone.localdate() + timedelta(days=1), who_was_told="", method="", what_was_told=""
    )
    with pytest.raises(ValidationError) as error:
        services.family_update_record(actor=setup.north.social_worker, transfer=transfer, details=future)
    assert set(error.value.message_dict) == {"told_on", "who_was_told", "method", "what_was_told"}
    accept(setup, transfer)
    services.family_update_record(actor=setup.south.cin_manager, transfer=transfer, details=details)
    assert FamilyUpdate.objects.filter(transfer=transfer).count() == 2


# --- The clock sweep -----------------------------------------------------------------------------


def sweep(day: date) -> str:
    return services.transfer_escalate_overdue(today=day)


def test_an_undecided_transfer_escalates_on_day_16_and_again_on_day_21_once_each(setup):
    referred = date(2026, 3, 2)
    transfer = referred_transfer(setup, referred_on=referred)
    overdue = Escalation.Kind.TRANSFER_DECISION_OVERDUE
    for day in range(0, 16):
        sweep(referred + timedelta(days=day))
    assert not escalations(transfer).exists()

    for _ in range(3):
        sweep(referred + timedelta(days=16))
    level_one = escalations(transfer, overdue).get()
    assert level_one.level == 1
    assert level_one.organisation == setup.south.org
    assert set(level_one.assignees.all()) == {
        setup.north.cin_manager,
        setup.south.cin_manager,
        setup.south.mast_manager,
    }
    assert Notification.objects.filter(event_key=f"escalation:{level_one.pk}:raised").count() == 3

    for day in range(17, 21):
        sweep(referred + timedelta(days=day))
    assert escalations(transfer, overdue).count() == 1

    for _ in range(3):
        sweep(referred + timedelta(days=21))
    level_two = escalations(transfer, overdue).get(level=2)
    assert set(level_two.assignees.all()) == {
        setup.south.caldicott,
        setup.south.info_lead,
        setup.north.caldicott,
        setup.north.info_lead,
    }
    for day in range(22, 40):
        sweep(referred + timedelta(days=day))
    assert escalations(transfer).count() == 2
    # Whoever must act may read the transfer.
    assert transfer.pk in visible(setup.south.caldicott)


def test_a_sweep_missed_for_days_catches_up_with_both_levels(setup):
    transfer = referred_transfer(setup, referred_on=date(2026, 3, 2))
    counts = sweep(date(2026, 3, 30))
    assert (counts["level_1_raised"], counts["level_2_raised"]) == (1, 1)
    assert escalations(transfer).count() == 2


def test_acknowledged_transfers_escalate_but_decided_or_withdrawn_ones_do_not(setup):
    referred = date(2026, 3, 2)
    acknowledged = referred_transfer(setup, referred_on=referred)
    services.transfer_acknowledge(actor=setup.south.cin_manager, transfer=acknowledged)
    accepted = accept(setup, referred_transfer(setup, referred_on=referred))
    withdrawn = referred_transfer(setup, referred_on=referred)
    services.transfer_withdraw(actor=setup.north.social_worker, transfer=withdrawn, reason="x")
    sweep(referred + timedelta(days=25))
    assert escalations(acknowledged).count() == 2
    assert not escalations(accepted).exists()
    assert not escalations(withdrawn).exists()


def test_accepting_an_overdue_transfer_closes_the_level_1_escalation(setup):
    referred = date(2026, 3, 2)
    transfer = referred_transfer(setup, referred_on=referred)
    sweep(referred + timedelta(days=16))
    accept(setup, transfer)
    assert escalations(transfer).get().status == Escalation.Status.RESOLVED


def test_the_sweep_opens_the_dispute_of_a_declined_transfer_left_without_one(setup):
    transfer = referred_transfer(setup)
    # A decline recorded without its dispute (say, written before disputes existed).
    transfer.decline(by=setup.south.cin_manager, at=timezone.now(), reason="No")
    transfer.save()
    assert sweep(timezone.localdate())["disputes_opened"] == 1
    transfer.refresh_from_db()
    assert transfer.state == CinTransfer.State.DISPUTED
    assert escalations(transfer, Escalation.Kind.TRANSFER_DISPUTED).count() == 1
    assert sweep(timezone.localdate())["disputes_opened"] == 0


def test_the_sweep_is_registered_with_the_core():
    from portal import sweeps

    assert "escalate_overdue_transfers" in sweeps.registered_names()
    assert sweeps.get("escalate_overdue_transfers") is services.transfer_escalate_overdue


# --- Transfer requests ---------------------------------------------------------------------------


def request_from_south(setup, child, **overrides):
    values = {
        "requesting_team": setup.south.mast,
        "sending_authority": setup.north.org,
        "child_first_name": child.first_name,
        "child_last_name": child.last_name,
        "how_learned": "MAST alert from the school",
        "child_nhs_number": child.nhs_number,
    }
    values.update(overrides)
    return services.transfer_request_create(actor=setup.south.screener, details=services.RequestDetails(**values))


def test_a_request_reaches_the_sending_authority_and_the_team_holding_the_child(setup):
    child = cin_child(setup)
    request = request_from_south(setup, child)
    assert request.child == child
    assert request.state == TransferRequest.State.OPEN
    seen_by = lambda user: selectors.request_list_for_user(user=user).filter(pk=request.pk).exists()  # noqa: E731
    for user in [setup.north.social_worker, setup.north.cin_manager, setup.north.mast_manager, setup.south.screener]:
        assert seen_by(user), user
    for user in [build_authority("west").cin_manager, setup.north.early_help_worker]:
        assert not seen_by(user)
    assert Notification.objects.filter(recipient=setup.north.social_worker).exists()
    assert selectors.can_answer_request(setup.north.social_worker, request)
    assert not selectors.can_answer_request(setup.south.screener, request)


def test_a_request_carries_where_it_came_from(setup):
    child = cin_child(setup)
    source = make_child(worker=setup.south.screener, team=setup.south.mast)  # any record will do here
    request = services.transfer_request_create(
        actor=setup.south.screener,
        details=services.RequestDetails(
            requesting_team=setup.south.mast,
            sending_authority=setup.north.org,
            child_first_name=child.first_name,
            child_last_name=child.last_name,
            how_learned="MAST alert",
        ),
        source=source,
    )
    assert request.source == source
    assert request.child is None  # no NHS number: the sending side finds the child


def test_a_request_is_answered_by_referring(setup):
    child = cin_child(setup)
    request = request_from_south(setup, child)
    transfer = services.transfer_request_start_transfer(
        actor=setup.north.social_worker, request=request, child=child, move=move_to(setup, "north")
    )
    # The case goes to the team that asked, whatever the form said.
    assert transfer.receiving_authority == setup.south.org
    assert transfer.receiving_team == setup.south.mast
    assert transfer.request == request
    worker = setup.north.social_worker
    services.transfer_record_family_agreement(actor=worker, transfer=transfer, details=agreed(child))
    services.transfer_save_summary(actor=worker, transfer=transfer, summary=SUMMARY)
    services.transfer_document_add(
        actor=worker,
        transfer=transfer,
        details=services.DocumentDetails(kind="cin_plan", title="Plan"),
        upload=pdf_upload(),
    )
    services.transfer_refer(actor=worker, transfer=transfer)
    request.refresh_from_db()
    assert request.state == TransferRequest.State.REFERRED
    assert request.answered_by == worker
    assert Notification.objects.filter(
        recipient=setup.south.screener, event_key=f"transfer-request:{request.pk}:referred"
    ).exists()


def test_a_request_is_answered_by_explaining_why_not_once(setup):
    child = cin_child(setup)
    request = request_from_south(setup, child)
    with pytest.raises(PermissionDenied):
        services.transfer_request_decline(actor=setup.south.screener, request=request, explanation="x")
    with pytest.raises(ValidationError):
        services.transfer_request_decline(actor=setup.north.cin_manager, request=request, explanation="")
    request = services.transfer_request_decline(
        actor=setup.north.cin_manager, request=request, explanation="The family has returned to our area."
    )
    assert request.state == TransferRequest.State.DECLINED
    assert Notification.objects.filter(
        recipient=setup.south.screener, event_key=f"transfer-request:{request.pk}:declined"
    ).exists()
    with pytest.raises(PermissionDenied):  # answered: nobody can answer again
        services.transfer_request_decline(actor=setup.north.cin_manager, request=request, explanation="again")


def test_a_request_needs_a_real_nhs_number_and_another_authority(setup):
    child = cin_child(setup)
    with pytest.raises(ValidationError) as error:
        request_from_south(setup, child, child_nhs_number="1234567890", sending_authority=setup.south.org)
    assert set(error.value.message_dict) == {"child_nhs_number", "sending_authority"}
    outsider = join(UserFactory(organisation=setup.health, roles=["practitioner"]), setup.health_team)
    with pytest.raises(PermissionDenied):
        services.transfer_request_create(
            actor=outsider,
            details=services.RequestDetails(
                requesting_team=setup.health_team,
                sending_authority=setup.north.org,
                child_first_name="A",
                child_last_name="B",
                how_learned="x",
            ),
        )


def test_every_step_is_in_the_history_with_its_reason_and_actor(setup):
    transfer = accept(setup, referred_transfer(setup))
    reasons = list(transfer.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons == [
        "Transfer started",
        "Family's agreement recorded",
        "Case Transfer Summary saved",
        "Referred to the receiving authority",
        "Accepted by Children in Need",
    ]
