"""Every write in transfers. Keyword-only, typed, atomic, permission-checked, with a history change
reason; decisions two people can race for are taken under a row lock and the FSM's `can_proceed`,
so the second gets `InvalidTransition` with a message it can show. Notifications go through the
core (`portal.services.notify`, which emails on commit)."""

import hashlib
from dataclasses import dataclass, fields
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django_fsm import can_proceed
from guardian.shortcuts import assign_perm, remove_perm

from portal import documents as rules
from portal import rules as core_rules
from portal import services as core
from portal.access import has_object_permission
from portal.access import require as _require
from portal.history import save as _save
from portal.models import Child, ChildAccessGrant, Escalation, Organisation, Person, Relationship, Team, Tier, User
from portal.services import ChildDetails, InvalidTransition
from sharing import services as sharing
from sharing.models import ConsentRecord, InformationCategory, LawfulBasis, LegalGateway, Purpose, SharingDecision
from transfers import clocks, selectors
from transfers.models import CinTransfer, FamilyUpdate, TransferDocument, TransferRequest

State = CinTransfer.State

# The lawful basis a local authority relies on to refer a Child in Need case: its public task under the
# Children Act 1989 (s17), with consent or without it; special category data adds Article 9(2)(g) with
# the DPA 2018 Schedule 1 safeguarding condition. Recorded on every transfer's sharing decision.
ARTICLE_6_PUBLIC_TASK = "6(1)(e)"
ARTICLE_9_SUBSTANTIAL_PUBLIC_INTEREST = "9(2)(g)"
SCHEDULE_1_SAFEGUARDING = "DPA 2018 Sch 1 para 18"
CHILDREN_ACT_1989 = "Children Act 1989"


def _locked(transfer: CinTransfer) -> CinTransfer:
    return CinTransfer.objects.select_for_update().get(pk=transfer.pk)


def _grant(transfer: CinTransfer, codenames: list[str], principal) -> None:
    for codename in codenames:
        assign_perm(f"transfers.{codename}", principal, transfer)


def _users(queryset) -> list[User]:
    return list(queryset)


def _date_text(day: date) -> str:
    return f"{day:%-d %B %Y}"


# --- Starting a transfer -------------------------------------------------------------------------


@dataclass(frozen=True)
class MoveDetails:
    receiving_authority: Organisation
    move_date: date
    move_kind: str
    receiving_team: Team | None = None
    new_address: str = ""
    new_postcode: str = ""


def _move_errors(move: MoveDetails, sending_authority_id: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    authority = move.receiving_authority
    if authority is None or not authority.is_local_authority:
        errors["receiving_authority"] = "Choose the local authority the child is moving to"
    elif authority.pk == sending_authority_id:
        errors["receiving_authority"] = "Choose another local authority: a move within your own area is not a transfer"
    if (
        move.receiving_team is not None
        and authority is not None
        and move.receiving_team.organisation_id != authority.pk
    ):
        errors["receiving_team"] = "Choose a team in the receiving authority, or leave it blank"
    if move.move_kind not in CinTransfer.MoveKind.values:
        errors["move_kind"] = "Say whether the move is permanent, temporary or not known"
    if move.move_date is None:
        errors["move_date"] = "Enter the date the child moved or will move"
    return errors


def _apply_move(transfer: CinTransfer, move: MoveDetails) -> None:
    transfer.receiving_authority = move.receiving_authority
    transfer.receiving_team = move.receiving_team
    transfer.move_date = move.move_date
    transfer.move_kind = move.move_kind
    transfer.new_address = move.new_address.strip()
    transfer.new_postcode = move.new_postcode.strip().upper()


def transfer_start(
    *, actor: User, child: Child, move: MoveDetails, request: TransferRequest | None = None
) -> CinTransfer:
    """The child's allocated team starts a draft transfer. Only the sending team can see a draft."""
    _require(actor.has_perm("transfers.add_cintransfer"), "You cannot start transfers.")
    _require(has_object_permission(actor, "change_child", child), "You cannot start a transfer for this child.")
    team = child.allocated_team
    _require(
        team is not None and team.memberships.filter(user=actor).exists(),
        "Only a member of the child's allocated team can start a transfer.",
    )
    if not team.organisation.is_local_authority:
        raise ValidationError("A Child in Need transfer is made by a local authority's children's social care team")
    if child.tier < Tier.CHILD_IN_NEED:
        raise ValidationError(
            "A transfer across borders is for a Child in Need case (Tier 4) or above: record the child's level "
            "of need first"
        )
    errors = _move_errors(move, team.organisation_id)
    if errors:
        raise ValidationError(errors)
    if CinTransfer.objects.filter(child=child, state__in=CinTransfer.OPEN).exists():
        raise ValidationError("This child already has a transfer in progress")
    transfer = CinTransfer(
        child=child,
        sending_authority=team.organisation,
        sending_team=team,
        created_by=actor,
        request=request,
    )
    _apply_move(transfer, move)
    try:
        with transaction.atomic():
            _save(transfer, reason="Transfer started", by=actor)
            _grant(transfer, ["view_cintransfer", "change_cintransfer"], team.group)
    except IntegrityError as error:
        raise ValidationError("This child already has a transfer in progress") from error
    return transfer


def _draft_for_update(actor: User, transfer: CinTransfer) -> CinTransfer:
    transfer = _locked(transfer)
    _require(selectors.can_work_on(actor, transfer), "Only the sending team can change this transfer.")
    if not transfer.is_draft:
        raise InvalidTransition("This transfer has been referred: its details can no longer be changed.")
    return transfer


def transfer_update_move(*, actor: User, transfer: CinTransfer, move: MoveDetails) -> CinTransfer:
    errors = _move_errors(move, transfer.sending_authority_id)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        transfer = _draft_for_update(actor, transfer)
        _apply_move(transfer, move)
        _save(transfer, reason="Move details changed", by=actor)
    return transfer


@dataclass(frozen=True)
class FamilyAgreementDetails:
    agreement: str
    protection_concerns: str
    family_told: bool | None
    given_by: str = ""
    person: Person | None = None
    method: str = ""
    decided_on: date | None = None
    proceed_reason: str = ""
    advice_from: str = ""
    advice_by: str = ""
    advice_on: date | None = None
    advice_summary: str = ""
    not_told_reason: str = ""


def _family_errors(details: FamilyAgreementDetails, child: Child) -> dict[str, str]:
    agreement = CinTransfer.FamilyAgreement
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if details.agreement not in agreement.values:
        errors["agreement"] = "Say whether the family agreed to the referral"
    if details.protection_concerns not in CinTransfer.ProtectionConcerns.values:
        errors["protection_concerns"] = "Say whether there are historic or current child protection concerns"
    if details.agreement in (agreement.AGREED, agreement.REFUSED):
        verb = "agreed" if details.agreement == agreement.AGREED else "did not agree"
        if details.given_by not in ConsentRecord.GivenBy.values:
            errors["given_by"] = f"Say who {verb}"
        elif details.given_by == ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY and (
            details.person is None
            or not Relationship.objects.filter(
                child=child, person=details.person, has_parental_responsibility=True
            ).exists()
        ):
            errors["given_by"] = "Choose a person recorded as having parental responsibility for the child"
        if details.method not in ConsentRecord.Method.values:
            errors["method"] = "Say how the family told you"
        if details.decided_on is None:
            errors["decided_on"] = "Enter the date the family told you"
        elif details.decided_on > today:
            errors["decided_on"] = "The date must be today or in the past"
    if details.agreement == agreement.REFUSED and not details.proceed_reason.strip():
        errors["proceed_reason"] = "Explain why the referral is made without the family's agreement"
    if details.agreement == agreement.NOT_SOUGHT and not details.proceed_reason.strip():
        errors["proceed_reason"] = "Explain why the family's agreement was not sought"
    needs_advice = details.agreement == agreement.REFUSED and details.protection_concerns in (
        CinTransfer.ProtectionConcerns.HISTORIC,
        CinTransfer.ProtectionConcerns.CURRENT,
    )
    if needs_advice:
        if details.advice_from not in CinTransfer.AdviceFrom.values:
            errors["advice_from"] = "Say whether you asked legal services or the Caldicott Guardian"
        if not details.advice_by.strip():
            errors["advice_by"] = "Enter who gave the advice"
        if details.advice_on is None:
            errors["advice_on"] = "Enter the date the advice was given"
        elif details.advice_on > today:
            errors["advice_on"] = "The date must be today or in the past"
        if not details.advice_summary.strip():
            errors["advice_summary"] = "Record the advice you were given"
    if details.family_told is None:
        errors["family_told"] = "Say whether the family has been told about the referral"
    elif details.family_told is False and details.not_told_reason not in SharingDecision.NotToldReason.values:
        errors["not_told_reason"] = "Say why the family has not been told"
    return errors


def transfer_record_family_agreement(
    *, actor: User, transfer: CinTransfer, details: FamilyAgreementDetails
) -> CinTransfer:
    """The family's agreement to the referral. Without it, the referral goes ahead only where there
    are historic or current child protection concerns, with the reason and the advice sought."""
    errors = _family_errors(details, transfer.child)
    if errors:
        raise ValidationError(errors)
    agreement = CinTransfer.FamilyAgreement
    with transaction.atomic():
        transfer = _draft_for_update(actor, transfer)
        transfer.family_agreement = details.agreement
        transfer.protection_concerns = details.protection_concerns
        told = details.agreement in (agreement.AGREED, agreement.REFUSED)
        transfer.agreement_given_by = details.given_by if told else ""
        transfer.agreement_person = (
            details.person if told and details.given_by == ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY else None
        )
        transfer.agreement_method = details.method if told else ""
        transfer.agreement_on = details.decided_on if told else None
        transfer.proceed_reason = details.proceed_reason.strip() if details.agreement != agreement.AGREED else ""
        with_advice = details.agreement != agreement.AGREED and bool(details.advice_from)
        transfer.advice_from = details.advice_from if with_advice else ""
        transfer.advice_by = details.advice_by.strip() if with_advice else ""
        transfer.advice_on = details.advice_on if with_advice else None
        transfer.advice_summary = details.advice_summary.strip() if with_advice else ""
        transfer.family_told = details.family_told
        transfer.family_not_told_reason = details.not_told_reason if details.family_told is False else ""
        _save(transfer, reason="Family's agreement recorded", by=actor)
    return transfer


@dataclass(frozen=True)
class CaseTransferSummary:
    reason_for_involvement: str
    current_plan: str
    risks: str
    strengths: str
    professionals_involved: str
    family_views: str
    outstanding_actions: str
    information_categories: list[str]


SUMMARY_MESSAGES = {
    "reason_for_involvement": "Enter the reason for children's social care involvement",
    "current_plan": "Enter the current plan",
    "risks": "Enter the risks",
    "strengths": "Enter the family's strengths",
    "professionals_involved": "Enter the professionals involved",
    "family_views": "Enter the family's views",
    "outstanding_actions": "Enter the outstanding actions, or say there are none",
}


def transfer_save_summary(*, actor: User, transfer: CinTransfer, summary: CaseTransferSummary) -> CinTransfer:
    errors = {name: message for name, message in SUMMARY_MESSAGES.items() if not getattr(summary, name).strip()}
    categories = list(dict.fromkeys(summary.information_categories))
    if not categories:
        errors["information_categories"] = "Choose the kinds of information the summary and documents contain"
    elif set(categories) - set(InformationCategory.values):
        errors["information_categories"] = "Choose from the kinds of information listed"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        transfer = _draft_for_update(actor, transfer)
        for name in SUMMARY_MESSAGES:
            setattr(transfer, name, getattr(summary, name).strip())
        transfer.information_categories = categories
        _save(transfer, reason="Case Transfer Summary saved", by=actor)
    return transfer


# --- Documents -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentDetails:
    kind: str
    title: str
    meeting_on: date | None = None


def transfer_document_add(*, actor: User, transfer: CinTransfer, details: DocumentDetails, upload) -> TransferDocument:
    """Attach a CIN plan, minutes or another document: a PDF or an Office document, by its name and
    its contents, no larger than the limit. Recent minutes can follow until the decision."""
    _require(
        actor.has_perm("transfers.add_transferdocument")
        and selectors.can_work_on(actor, transfer)
        and selectors.is_sending_side(actor, transfer),
        "Only the sending team can add documents to this transfer.",
    )
    errors: dict[str, str] = {}
    if details.kind not in TransferDocument.Kind.values:
        errors["kind"] = "Choose what kind of document this is"
    if not details.title.strip():
        errors["title"] = "Enter a title for the document"
    if details.kind == TransferDocument.Kind.MINUTES and details.meeting_on is None:
        errors["meeting_on"] = "Enter the date of the meeting"
    elif details.meeting_on and details.meeting_on > timezone.localdate():
        errors["meeting_on"] = "The date must be today or in the past"
    if upload is None:
        errors["file"] = "Select a file"
    elif upload.size > rules.MAX_DOCUMENT_BYTES:
        errors["file"] = f"The selected file must be smaller than {rules.MAX_DOCUMENT_MEGABYTES}MB"
    if errors:
        raise ValidationError(errors)
    upload.seek(0)
    data = upload.read(rules.MAX_DOCUMENT_BYTES + 1)
    try:
        kind = rules.check_document(name=upload.name, data=data)
    except rules.DocumentRefused as refused:
        raise ValidationError({"file": str(refused)}) from refused
    with transaction.atomic():
        transfer = _locked(transfer)
        if transfer.state not in (State.DRAFT, *CinTransfer.UNDECIDED):
            raise InvalidTransition("The receiving authority has decided: documents can no longer be added.")
        document = TransferDocument(
            transfer=transfer,
            kind=details.kind,
            title=details.title.strip(),
            meeting_on=details.meeting_on,
            original_name=upload.name[-200:],
            content_type=kind.content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=actor,
        )
        document.file.save(upload.name, ContentFile(data), save=False)
        _save(document, reason=f"Document added: {document.get_kind_display()}", by=actor)
    if transfer.is_undecided:
        for user in _users(selectors.receiving_managers(transfer=transfer)):
            core.notify(
                recipient=user,
                event_key=f"cin-transfer:{transfer.pk}:document:{document.pk}",
                subject=f"A document was added to transfer {transfer.reference}",
                body=f"{actor} added a document ({document.get_kind_display()}) to a transfer referred to you.",
                link=transfer.get_absolute_url(),
            )
    return document


def transfer_document_remove(*, actor: User, document: TransferDocument) -> TransferDocument:
    """Take a document off a draft (it stays in the history); once referred, documents stay."""
    with transaction.atomic():
        _draft_for_update(actor, document.transfer)
        document = TransferDocument.objects.select_for_update().get(pk=document.pk)
        if document.removed_at is None:
            document.removed_at = timezone.now()
            document.removed_by = actor
            _save(document, reason="Document removed from the draft", by=actor)
    return document


# --- Referring -----------------------------------------------------------------------------------


def _basis(code: str) -> LawfulBasis:
    basis = LawfulBasis.objects.filter(code=code, is_active=True).first()
    if basis is None:
        raise ValidationError(
            f"The lawful basis {code} is not available: ask an administrator to restore it before referring"
        )
    return basis


def _record_consent(*, actor: User, transfer: CinTransfer) -> ConsentRecord | None:
    agreement = CinTransfer.FamilyAgreement
    if transfer.family_agreement not in (agreement.AGREED, agreement.REFUSED):
        return None
    return sharing.consent_record(
        actor=actor,
        child=transfer.child,
        details=sharing.ConsentDetails(
            given_by=transfer.agreement_given_by,
            given_by_person=transfer.agreement_person,
            purpose=Purpose.CIN_TRANSFER,
            purpose_detail=(
                f"Referral of the Child in Need case to {transfer.receiving_authority} ({transfer.reference})"
            ),
            status=(
                ConsentRecord.Status.GIVEN
                if transfer.family_agreement == agreement.AGREED
                else ConsentRecord.Status.REFUSED
            ),
            method=transfer.agreement_method,
            decided_on=transfer.agreement_on,
            categories=list(transfer.information_categories),
            recipients=[transfer.receiving_authority],
            explanation=transfer.proceed_reason,
        ),
    )


def _sharing_reasons(transfer: CinTransfer) -> str:
    agreement = CinTransfer.FamilyAgreement
    if transfer.family_agreement == agreement.AGREED:
        reason = (
            "The family agreed to the referral and to the Case Transfer Summary, CIN plans and minutes being "
            f"shared with {transfer.receiving_authority}."
        )
    elif transfer.family_agreement == agreement.REFUSED:
        reason = (
            f"The family did not agree. There are {transfer.get_protection_concerns_display().lower()}: the "
            f"protection of the child is paramount and the referral must be made. {transfer.proceed_reason} "
            f"Advice from {transfer.get_advice_from_display().lower()} ({transfer.advice_by}, "
            f"{_date_text(transfer.advice_on)}): {transfer.advice_summary}"
        )
    else:
        reason = f"The family's agreement was not sought: {transfer.proceed_reason}"
    return (
        f"{reason} A Child in Need who moves to another area is referred to that area's children's social care "
        "immediately, so that it can decide on the level of risk or need within 15 days."
    )


def _record_sharing_decision(*, actor: User, transfer: CinTransfer, consent: ConsentRecord | None) -> SharingDecision:
    """The seventh golden rule: what was shared, with whom, why and on what basis."""
    agreed = transfer.family_agreement == CinTransfer.FamilyAgreement.AGREED
    answers = {"purpose": "yes", "consent": "yes" if agreed else "no"}
    if not agreed:
        answers |= {"identifiable": "yes", "lawful_without_consent": "yes"}
    categories = list(transfer.information_categories)
    special = bool(set(categories) & InformationCategory.special_category())
    documents = [
        f"{d.get_kind_display()} “{d.title}”" + (f" ({_date_text(d.meeting_on)})" if d.meeting_on else "")
        for d in selectors.transfer_documents(transfer=transfer)
    ]
    requested_by = (
        f"{transfer.request.requesting_team} (transfer request {transfer.request.reference})"
        if transfer.request_id
        else "Nobody: the sending authority refers a Child in Need case when the child moves"
    )
    team = transfer.receiving_team
    return sharing.sharing_decision_record(
        actor=actor,
        child=transfer.child,
        request=sharing.SharingRequest(
            requested_by=requested_by[:200],
            purpose=Purpose.CIN_TRANSFER,
            purpose_detail=(
                f"Referral of a Child in Need case to {transfer.receiving_authority}, the authority the child "
                "moved to or is moving to, so that it can decide on the level of risk or need and take case "
                "responsibility."
            ),
            recipient_organisation=transfer.receiving_authority,
            recipient_name=(f"Manager of {team.name}" if team else "Team managers and MAST")[:200],
        ),
        answers=answers,
        reasons=_sharing_reasons(transfer),
        consent=consent if agreed else None,
        shared=sharing.SharedDetails(
            categories=categories,
            summary_facts=(
                "Case Transfer Summary: reason for involvement, current plan, professionals involved and outstanding "
                "actions; the child's identity and new address. Documents: " + ("; ".join(documents) or "none") + "."
            ),
            summary_opinion=(
                "The sending team's assessment of the risks, the family's strengths and the family's views."
            ),
            method=SharingDecision.Method.SECURE_PORTAL,
            shared_on=transfer.referred_on,
            article_6_basis=_basis(ARTICLE_6_PUBLIC_TASK),
            article_9_condition=_basis(ARTICLE_9_SUBSTANTIAL_PUBLIC_INTEREST) if special else None,
            schedule_1_condition=_basis(SCHEDULE_1_SAFEGUARDING) if special else None,
            legal_gateway=LegalGateway.objects.filter(name=CHILDREN_ACT_1989, is_active=True).first(),
            individual_told=transfer.family_told,
            not_told_reason=transfer.family_not_told_reason,
        ),
        context=transfer,
    )


def transfer_refer(*, actor: User, transfer: CinTransfer, referred_on: date | None = None) -> CinTransfer:
    """Refer the case to the receiving authority: the clock starts. Records the family's agreement
    (as consent given or refused) and the sharing decision, opens the transfer to the receiving
    authority's team managers and MAST, and tells them. `referred_on` is for loading past cases;
    it defaults to today and is never in the future."""
    today = timezone.localdate()
    referred_on = referred_on or today
    if referred_on > today:
        raise ValueError("A referral cannot be dated in the future")
    with transaction.atomic():
        transfer = _locked(transfer)
        _require(
            selectors.can_work_on(actor, transfer)
            and selectors.is_sending_side(actor, transfer)
            and has_object_permission(actor, "change_child", transfer.child),
            "Only the child's team can refer this transfer.",
        )
        if not can_proceed(transfer.refer):
            raise InvalidTransition(selectors.decided_message(transfer))
        problems = selectors.transfer_problems(transfer=transfer)
        if problems:
            raise ValidationError([problem.message for problem in problems])
        transfer.referred_on = referred_on
        consent = _record_consent(actor=actor, transfer=transfer)
        decision = _record_sharing_decision(actor=actor, transfer=transfer, consent=consent)
        transfer.consent_record = consent
        transfer.sharing_decision = decision
        transfer.refer(by=actor, at=timezone.now(), on=referred_on, due=clocks.decision_due(referred_on))
        _save(transfer, reason="Referred to the receiving authority", by=actor)
        managers = _users(selectors.receiving_managers(transfer=transfer))
        for manager in managers:
            _grant(transfer, ["view_cintransfer"], manager)
        for team in selectors.receiving_mast_teams(transfer=transfer):
            _grant(transfer, ["view_cintransfer"], team.group)
        request = None
        if transfer.request_id:
            request = TransferRequest.objects.select_for_update().get(pk=transfer.request_id)
            if can_proceed(request.mark_referred):
                request.mark_referred(by=actor, at=timezone.now())
                _save(request, reason=f"Answered by referral {transfer.reference}", by=actor)
    recipients = {u.pk: u for u in [*managers, *selectors.receiving_mast_members(transfer=transfer)]}
    for user in recipients.values():
        core.notify(
            recipient=user,
            event_key=f"cin-transfer:{transfer.pk}:referred",
            subject=f"Child in Need transfer referred to you: {transfer.reference}",
            body=(
                f"{transfer.sending_authority} has referred a Child in Need case to {transfer.receiving_authority}. "
                f"The decision on the level of risk or need is due by {_date_text(transfer.decision_due_on)}."
            ),
            link=transfer.get_absolute_url(),
        )
    if request is not None and request.state == TransferRequest.State.REFERRED:
        core.notify(
            recipient=request.requested_by,
            event_key=f"transfer-request:{request.pk}:referred",
            subject=f"Your transfer request {request.reference} has been answered with a referral",
            body=f"{transfer.sending_authority} has referred the case ({transfer.reference}).",
            link=transfer.get_absolute_url(),
        )
    return transfer


# --- The receiving authority's decision ----------------------------------------------------------


def transfer_preview_viewed(*, actor: User, transfer: CinTransfer) -> None:
    """The receiving side read the preview (the child's identity and the Case Transfer Summary): it
    goes in the child's access log like any other look at their information."""
    if selectors.is_receiving_side(actor, transfer) and selectors.can_view(actor, transfer):
        core.access_event_record(
            user=actor, child=transfer.child, basis=f"Preview of Child in Need transfer {transfer.reference}"
        )


def transfer_acknowledge(*, actor: User, transfer: CinTransfer) -> CinTransfer:
    """The receiving authority confirms it has the referral (the clock keeps running)."""
    _require(
        selectors.can_view(actor, transfer) and selectors.is_receiving_side(actor, transfer),
        "Only the receiving authority acknowledges a transfer.",
    )
    with transaction.atomic():
        transfer = _locked(transfer)
        if not can_proceed(transfer.acknowledge):
            raise InvalidTransition(selectors.decided_message(transfer))
        transfer.acknowledge(by=actor, at=timezone.now())
        _save(transfer, reason="Acknowledged by the receiving authority", by=actor)
    if transfer.referred_by_id:
        core.notify(
            recipient=transfer.referred_by,
            event_key=f"cin-transfer:{transfer.pk}:acknowledged",
            subject=f"Transfer {transfer.reference} acknowledged",
            body=f"{actor} ({transfer.receiving_authority}) has acknowledged the referral.",
            link=transfer.get_absolute_url(),
        )
    return transfer


def _check_decider(actor: User, transfer: CinTransfer, team: Team | None) -> None:
    _require(
        selectors.can_decide(actor, transfer),
        "Only a team manager in the receiving authority can accept or decline this transfer.",
    )
    if team is not None:
        _require(
            selectors.decision_teams(user=actor, transfer=transfer).filter(pk=team.pk).exists(),
            "You can accept a transfer only for a team you manage in the receiving authority.",
        )


def _decision_errors(team: Team | None, worker: User | None, level_of_need) -> dict[str, str]:
    errors: dict[str, str] = {}
    if team is None:
        errors["team"] = "Choose the team taking case responsibility"
    if level_of_need not in Tier.values:
        errors["level_of_need"] = "Choose the level of risk or need you have decided on"
    if worker is not None and team is not None and not team.memberships.filter(user=worker).exists():
        errors["worker"] = "Choose a worker who is a member of the team"
    return errors


def _move_responsibility(
    *, actor: User, transfer: CinTransfer, team: Team, worker: User | None, level_of_need: int
) -> None:
    """Case responsibility moves at the receiving authority's decision: the allocation and its
    grants go to the receiving team; the sending team keeps read access to what it sent."""
    child = core.child_responsibility_transfer(
        child=transfer.child,
        team=team,
        worker=worker,
        actor=actor,
        reason=f"Transfer {transfer.reference} accepted by {team.organisation}",
    )
    core.child_access_grant(
        child=child,
        basis=ChildAccessGrant.Basis.TRANSFER,
        level=ChildAccessGrant.Level.VIEW,
        team=transfer.sending_team,
        source=transfer,
        granted_by=actor,
    )
    # The child's record follows the decision: the level of need decided and, for a permanent move
    # (or one not known, which is treated as permanent), where the child now lives.
    details = {name.name: getattr(child, name.name) for name in fields(ChildDetails)}
    details["tier"] = level_of_need
    if transfer.treated_as_permanent:
        details["local_authority"] = transfer.receiving_authority
        if transfer.new_address:
            details["address"] = transfer.new_address
            details["postcode"] = transfer.new_postcode
    core.child_update(actor=actor, child=child, details=ChildDetails(**details))
    remove_perm("transfers.change_cintransfer", transfer.sending_team.group, transfer)
    _grant(transfer, ["view_cintransfer", "change_cintransfer"], team.group)


def _resolve_escalations(*, actor: User, transfer: CinTransfer, kinds: list[str], resolution: str) -> None:
    """Close the transfer's open escalations the actor may act on; the others stay with their owners."""
    for escalation in selectors.transfer_escalations(transfer=transfer).filter(kind__in=kinds):
        if escalation.is_closed or not core.escalation_can_act(user=actor, escalation=escalation):
            continue
        core.escalation_resolve(
            actor=actor,
            escalation=escalation,
            resolution=resolution,
            rationale=f"{resolution} by {actor} on {_date_text(timezone.localdate())} (transfer {transfer.reference}).",
        )


def _tell_sending_side(transfer: CinTransfer, *, event: str, subject: str, body: str) -> None:
    recipients = {u.pk: u for u in selectors.sending_managers(transfer=transfer)}
    if transfer.referred_by_id:
        recipients[transfer.referred_by_id] = transfer.referred_by
    for user in recipients.values():
        core.notify(
            recipient=user,
            event_key=f"cin-transfer:{transfer.pk}:{event}",
            subject=subject,
            body=body,
            link=transfer.get_absolute_url(),
        )


def transfer_accept(
    *,
    actor: User,
    transfer: CinTransfer,
    team: Team,
    level_of_need: int,
    worker: User | None = None,
    notes: str = "",
) -> CinTransfer:
    """A team manager in the receiving authority accepts for their team, recording the level of
    risk or need. Case responsibility transfers from this moment."""
    _check_decider(actor, transfer, team)
    errors = _decision_errors(team, worker, level_of_need)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        transfer = _locked(transfer)
        if not can_proceed(transfer.accept):
            raise InvalidTransition(selectors.decided_message(transfer))
        transfer.accept(by=actor, at=timezone.now(), team=team, level_of_need=level_of_need, notes=notes.strip())
        _save(transfer, reason=f"Accepted by {team.name}", by=actor)
        _move_responsibility(actor=actor, transfer=transfer, team=team, worker=worker, level_of_need=level_of_need)
        _resolve_escalations(
            actor=actor,
            transfer=transfer,
            kinds=[Escalation.Kind.TRANSFER_DECISION_OVERDUE],
            resolution="Transfer accepted",
        )
    _tell_sending_side(
        transfer,
        event="accepted",
        subject=f"Transfer {transfer.reference} accepted",
        body=(
            f"{transfer.receiving_authority} ({team.name}) accepted the transfer: case responsibility has moved "
            "to them. Your team keeps read access to what it sent."
        ),
    )
    return transfer


def _level_one_assignees(transfer: CinTransfer) -> list[User]:
    """Both authorities' team managers: the sending team's, and the receiving authority's concerned
    (the named team's and MAST's, or all of them when no team was named)."""
    users = {
        u.pk: u
        for u in [
            *selectors.sending_managers(transfer=transfer),
            *selectors.receiving_managers_concerned(transfer=transfer),
        ]
    }
    return list(users.values())


def _raise(
    transfer: CinTransfer, *, kind: str, level: int, organisation: Organisation, summary: str, assignees: list[User]
) -> bool:
    escalation, created = core.escalation_raise(
        subject=transfer,
        kind=kind,
        level=level,
        organisation=organisation,
        summary=summary,
        assignees=assignees,
        child=transfer.child,
    )
    # Whoever must act on the escalation may read the transfer it is about.
    for user in assignees:
        assign_perm("transfers.view_cintransfer", user, transfer)
    return created


def _open_dispute(transfer: CinTransfer) -> bool:
    """Declined → disputed, with a dispute escalation to both authorities' team managers at once."""
    transfer.open_dispute(at=timezone.now())
    _save(transfer, reason="Dispute opened")
    return _raise(
        transfer,
        kind=Escalation.Kind.TRANSFER_DISPUTED,
        level=Escalation.Level.TEAM_MANAGER,
        organisation=transfer.sending_authority,
        summary=(
            f"{transfer.receiving_authority} declined Child in Need transfer {transfer.reference} "
            f"(referred on {_date_text(transfer.referred_on)}): case responsibility is disputed. Use the "
            f"children's social care escalation procedure. The child's welfare remains paramount; "
            f"{transfer.sending_authority} keeps case responsibility until the dispute is resolved, and the "
            f"family must be given clear messages about services and expectations. "
            f"The transfer: {transfer.get_absolute_url()}"
        ),
        assignees=_level_one_assignees(transfer),
    )


def transfer_decline(*, actor: User, transfer: CinTransfer, reason: str) -> CinTransfer:
    """Decline with a reason: a dispute and its escalation open at once."""
    _check_decider(actor, transfer, None)
    if not reason.strip():
        raise ValidationError({"reason": "Explain why the transfer is declined"})
    with transaction.atomic():
        transfer = _locked(transfer)
        if not can_proceed(transfer.decline):
            raise InvalidTransition(selectors.decided_message(transfer))
        transfer.decline(by=actor, at=timezone.now(), reason=reason.strip())
        _save(transfer, reason="Declined by the receiving authority", by=actor)
        _open_dispute(transfer)
        _resolve_escalations(
            actor=actor,
            transfer=transfer,
            kinds=[Escalation.Kind.TRANSFER_DECISION_OVERDUE],
            resolution="Transfer declined (now disputed)",
        )
    _tell_sending_side(
        transfer,
        event="declined",
        subject=f"Transfer {transfer.reference} declined: a dispute is open",
        body=(
            f"{transfer.receiving_authority} declined the transfer. Case responsibility stays with your "
            "authority while the dispute goes through the escalation procedure."
        ),
    )
    return transfer


def transfer_resolve_dispute(
    *,
    actor: User,
    transfer: CinTransfer,
    resolution: str,
    rationale: str,
    team: Team | None = None,
    worker: User | None = None,
    level_of_need: int | None = None,
) -> CinTransfer:
    """Record how the dispute was settled. When the receiving authority takes the case, a manager of
    the receiving team records it, with the level of need, and responsibility moves as on acceptance."""
    errors: dict[str, str] = {}
    if resolution not in CinTransfer.Resolution.values:
        errors["resolution"] = "Choose how the dispute was resolved"
    if not rationale.strip():
        errors["rationale"] = "Record the rationale for the resolution"
    receiving_accepts = resolution == CinTransfer.Resolution.RECEIVING_ACCEPTS
    if receiving_accepts:
        _check_decider(actor, transfer, team)
        errors |= _decision_errors(team, worker, level_of_need)
    else:
        _require(selectors.can_resolve_dispute(actor, transfer), "You cannot resolve this dispute.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        transfer = _locked(transfer)
        if not can_proceed(transfer.resolve):
            raise InvalidTransition(selectors.decided_message(transfer))
        transfer.resolve(
            by=actor,
            at=timezone.now(),
            resolution=resolution,
            rationale=rationale.strip(),
            team=team if receiving_accepts else None,
            level_of_need=level_of_need if receiving_accepts else None,
        )
        _save(transfer, reason=f"Dispute resolved: {transfer.get_resolution_display()}", by=actor)
        if receiving_accepts:
            _move_responsibility(actor=actor, transfer=transfer, team=team, worker=worker, level_of_need=level_of_need)
        _resolve_escalations(
            actor=actor,
            transfer=transfer,
            kinds=[Escalation.Kind.TRANSFER_DISPUTED, Escalation.Kind.TRANSFER_DECISION_OVERDUE],
            resolution=transfer.get_resolution_display(),
        )
    body = f"{actor} recorded the outcome: {transfer.get_resolution_display().lower()}."
    _tell_sending_side(
        transfer, event="resolved", subject=f"Transfer {transfer.reference}: dispute resolved", body=body
    )
    for user in _users(selectors.receiving_managers(transfer=transfer)):
        core.notify(
            recipient=user,
            event_key=f"cin-transfer:{transfer.pk}:resolved",
            subject=f"Transfer {transfer.reference}: dispute resolved",
            body=body,
            link=transfer.get_absolute_url(),
        )
    return transfer


# --- Withdrawing ---------------------------------------------------------------------------------


def _record_decision_not_to_share(*, actor: User, transfer: CinTransfer, reason: str) -> SharingDecision:
    """A draft withdrawn because the family refused, with no child protection concerns to override
    that: the decision not to share is recorded too (the seventh golden rule)."""
    if transfer.agreement_given_by and transfer.agreement_on:
        transfer.consent_record = _record_consent(actor=actor, transfer=transfer)
    return sharing.sharing_decision_record(
        actor=actor,
        child=transfer.child,
        request=sharing.SharingRequest(
            requested_by="Nobody: the sending authority considered referring a Child in Need case",
            purpose=Purpose.CIN_TRANSFER,
            purpose_detail=f"Referral of a Child in Need case to {transfer.receiving_authority}",
            recipient_organisation=transfer.receiving_authority,
        ),
        answers={"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "no"},
        reasons=(
            "The family did not agree to the referral and there are no child protection concerns that would "
            f"justify it without their agreement. {reason}"
        ),
        context=transfer,
    )


def transfer_withdraw(*, actor: User, transfer: CinTransfer, reason: str) -> CinTransfer:
    """The sending authority withdraws the transfer before a decision, with a reason."""
    _require(
        selectors.can_work_on(actor, transfer) and selectors.is_sending_side(actor, transfer),
        "Only the sending team can withdraw this transfer.",
    )
    if not reason.strip():
        raise ValidationError({"reason": "Explain why the transfer is withdrawn"})
    with transaction.atomic():
        transfer = _locked(transfer)
        if not can_proceed(transfer.withdraw):
            raise InvalidTransition(selectors.decided_message(transfer))
        was_referred = transfer.state != State.DRAFT
        transfer.withdraw(by=actor, at=timezone.now(), reason=reason.strip())
        _save(transfer, reason="Withdrawn by the sending authority", by=actor)
        if (
            not was_referred
            and transfer.family_agreement == CinTransfer.FamilyAgreement.REFUSED
            and not transfer.has_protection_concerns
        ):
            transfer.sharing_decision = _record_decision_not_to_share(
                actor=actor, transfer=transfer, reason=reason.strip()
            )
            _save(transfer, reason="Decision not to share recorded", by=actor)
        _resolve_escalations(
            actor=actor,
            transfer=transfer,
            kinds=[Escalation.Kind.TRANSFER_DECISION_OVERDUE],
            resolution="Transfer withdrawn",
        )
    if was_referred:
        for user in _users(selectors.receiving_managers(transfer=transfer)):
            core.notify(
                recipient=user,
                event_key=f"cin-transfer:{transfer.pk}:withdrawn",
                subject=f"Transfer {transfer.reference} withdrawn",
                body=f"{transfer.sending_authority} withdrew the transfer before a decision.",
                link=transfer.get_absolute_url(),
            )
    return transfer


# --- Keeping the family informed -----------------------------------------------------------------


@dataclass(frozen=True)
class FamilyUpdateDetails:
    told_on: date | None
    who_was_told: str
    method: str
    what_was_told: str


def family_update_record(*, actor: User, transfer: CinTransfer, details: FamilyUpdateDetails) -> FamilyUpdate:
    """Log what the family was told about the transfer, when and by whom (the person recording it)."""
    _require(
        actor.has_perm("transfers.add_familyupdate") and selectors.can_work_on(actor, transfer),
        "Only the team working with the family can record what it was told.",
    )
    errors: dict[str, str] = {}
    if details.told_on is None:
        errors["told_on"] = "Enter the date the family was told"
    elif details.told_on > timezone.localdate():
        errors["told_on"] = "The date must be today or in the past"
    if not details.who_was_told.strip():
        errors["who_was_told"] = "Enter who was told"
    if details.method not in FamilyUpdate.Method.values:
        errors["method"] = "Choose how they were told"
    if not details.what_was_told.strip():
        errors["what_was_told"] = "Enter what the family was told"
    if errors:
        raise ValidationError(errors)
    update = FamilyUpdate(
        transfer=transfer,
        told_on=details.told_on,
        who_was_told=details.who_was_told.strip(),
        method=details.method,
        what_was_told=details.what_was_told.strip(),
        told_by=actor,
    )
    _save(update, reason="Family update recorded", by=actor)
    return update


# --- The clock -----------------------------------------------------------------------------------


def transfer_escalate_overdue(*, today: date) -> dict[str, int]:
    """Sweep (DESIGN §7, §10): an undecided transfer escalates to level 1 (both authorities' team
    managers) once overdue, and to level 2 (the Caldicott Guardian queue) more than 5 days after the
    due date; a declined transfer not yet disputed opens its dispute. Idempotent: escalations are
    unique per (transfer, kind, level), so running it again raises nothing new."""
    raised = {1: 0, 2: 0}
    overdue = (
        CinTransfer.objects.filter(state__in=CinTransfer.UNDECIDED, decision_due_on__lt=today)
        .select_related("child", "sending_authority", "sending_team", "receiving_authority")
        .order_by("decision_due_on", "pk")
    )
    for transfer in overdue:
        level = clocks.escalation_level(transfer.decision_due_on, today)
        due = _date_text(transfer.decision_due_on)
        # A sweep missed while the worker was down catches up: level 2 comes with level 1.
        if level >= 1:
            raised[1] += _raise(
                transfer,
                kind=Escalation.Kind.TRANSFER_DECISION_OVERDUE,
                level=Escalation.Level.TEAM_MANAGER,
                organisation=transfer.receiving_authority,
                summary=(
                    f"The receiving authority's decision on Child in Need transfer {transfer.reference} from "
                    f"{transfer.sending_authority} to {transfer.receiving_authority} was due on {due} and has not "
                    "been made. Delay that may affect the child goes to the escalation procedure. "
                    f"The transfer: {transfer.get_absolute_url()}"
                ),
                assignees=_level_one_assignees(transfer),
            )
        if level >= 2:
            reviewers = {
                u.pk: u
                for u in [
                    *core.escalation_reviewers(organisation=transfer.receiving_authority),
                    *core.escalation_reviewers(organisation=transfer.sending_authority),
                ]
            }
            raised[2] += _raise(
                transfer,
                kind=Escalation.Kind.TRANSFER_DECISION_OVERDUE,
                level=Escalation.Level.SENIOR,
                organisation=transfer.receiving_authority,
                summary=(
                    f"Child in Need transfer {transfer.reference} from {transfer.sending_authority} to "
                    f"{transfer.receiving_authority} is still undecided more than 5 days after its due date "
                    f"({due}). The team managers were alerted when it became overdue. "
                    f"The transfer: {transfer.get_absolute_url()}"
                ),
                assignees=list(reviewers.values()),
            )
    disputes = 0
    for pk in CinTransfer.objects.filter(state=State.DECLINED).values_list("pk", flat=True):
        with transaction.atomic():
            transfer = CinTransfer.objects.select_for_update().get(pk=pk)
            if can_proceed(transfer.open_dispute):
                _open_dispute(transfer)
                disputes += 1
    return {"level_1_raised": raised[1], "level_2_raised": raised[2], "disputes_opened": disputes}


# --- Transfer requests ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestDetails:
    requesting_team: Team
    sending_authority: Organisation
    child_first_name: str
    child_last_name: str
    how_learned: str
    child_date_of_birth: date | None = None
    child_nhs_number: str = ""
    child_address: str = ""


def transfer_request_create(
    *, actor: User, details: RequestDetails, source: models.Model | None = None
) -> TransferRequest:
    """A receiving team asks the sending authority for a transfer. `source` is the record it learned
    of the child from (a MAST alert, for one), when there is one."""
    _require(actor.has_perm("transfers.add_transferrequest"), "You cannot ask for transfers.")
    team = details.requesting_team
    _require(
        team is not None and team.memberships.filter(user=actor).exists() and team.organisation.is_local_authority,
        "Ask for a transfer from a local authority team you belong to.",
    )
    errors: dict[str, str] = {}
    sending = details.sending_authority
    if sending is None or not sending.is_local_authority:
        errors["sending_authority"] = "Choose the local authority the child has come from"
    elif sending.pk == team.organisation_id:
        errors["sending_authority"] = "Choose another local authority: the child's case is held elsewhere"
    if not details.child_first_name.strip():
        errors["child_first_name"] = "Enter the child's first name"
    if not details.child_last_name.strip():
        errors["child_last_name"] = "Enter the child's last name"
    if details.child_nhs_number and not core_rules.nhs_number_is_valid(details.child_nhs_number):
        errors["child_nhs_number"] = "Enter a valid NHS number, like 943 476 5919"
    if details.child_date_of_birth and details.child_date_of_birth > timezone.localdate():
        errors["child_date_of_birth"] = "The date must be today or in the past"
    if not details.how_learned.strip():
        errors["how_learned"] = "Say how you learned of the child"
    if errors:
        raise ValidationError(errors)
    nhs = core_rules.normalise_nhs_number(details.child_nhs_number)
    matched = (
        Child.objects.filter(nhs_number=nhs, allocated_team__organisation=sending)
        .select_related("allocated_team")
        .first()
        if nhs
        else None
    )
    with transaction.atomic():
        request = TransferRequest(
            requesting_team=team,
            requesting_authority=team.organisation,
            sending_authority=sending,
            child_first_name=details.child_first_name.strip(),
            child_last_name=details.child_last_name.strip(),
            child_date_of_birth=details.child_date_of_birth,
            child_nhs_number=nhs,
            child_address=details.child_address.strip(),
            how_learned=details.how_learned.strip(),
            child=matched,
            requested_by=actor,
        )
        if source is not None:
            request.source_type = ContentType.objects.get_for_model(source)
            request.source_id = source.pk
        _save(request, reason="Transfer requested", by=actor)
        assign_perm("transfers.view_transferrequest", team.group, request)
        recipients = _users(selectors.request_sending_recipients(request=request))
        for user in recipients:
            assign_perm("transfers.view_transferrequest", user, request)
            assign_perm("transfers.change_transferrequest", user, request)
    for user in recipients:
        core.notify(
            recipient=user,
            event_key=f"transfer-request:{request.pk}:made",
            subject=f"{team.organisation} asks for a Child in Need transfer ({request.reference})",
            body=(
                f"{team.name} in {team.organisation} learned of a child from your area and asks you to refer the case."
            ),
            link=request.get_absolute_url(),
        )
    return request


def transfer_request_start_transfer(
    *, actor: User, request: TransferRequest, child: Child, move: MoveDetails
) -> CinTransfer:
    """Answer a request by starting the referral: a draft transfer to the requesting team, which is
    referred in the usual way (the request is answered when it is)."""
    _require(selectors.can_answer_request(actor, request), "You cannot answer this request.")
    move = MoveDetails(
        receiving_authority=request.requesting_authority,
        receiving_team=request.requesting_team,
        move_date=move.move_date,
        move_kind=move.move_kind,
        new_address=move.new_address,
        new_postcode=move.new_postcode,
    )
    return transfer_start(actor=actor, child=child, move=move, request=request)


def transfer_request_decline(*, actor: User, request: TransferRequest, explanation: str) -> TransferRequest:
    """Answer a request by explaining why the case is not being referred."""
    _require(selectors.can_answer_request(actor, request), "You cannot answer this request.")
    if not explanation.strip():
        raise ValidationError({"explanation": "Explain why you are not referring the case"})
    with transaction.atomic():
        request = TransferRequest.objects.select_for_update().get(pk=request.pk)
        if not can_proceed(request.decline):
            raise InvalidTransition(f"This request has already been answered: {request.get_state_display().lower()}.")
        request.decline(by=actor, at=timezone.now(), explanation=explanation.strip())
        _save(request, reason="Answered: no referral", by=actor)
    core.notify(
        recipient=request.requested_by,
        event_key=f"transfer-request:{request.pk}:declined",
        subject=f"Your transfer request {request.reference} has been answered",
        body=f"{request.sending_authority} is not referring the case and has explained why.",
        link=request.get_absolute_url(),
    )
    return request
