"""The family's agreement to the referral (guidance: normally sought; without it, the referral is
made only where there are historic or current child protection concerns)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.history import save as _save
from portal.models import Child, Person, Relationship, User
from sharing.models import ConsentRecord, SharingDecision
from transfers.models import CinTransfer
from transfers.services.common import draft_for_update


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
        transfer = draft_for_update(actor=actor, transfer=transfer)
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
