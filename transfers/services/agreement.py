"""The family's agreement to the referral (guidance: normally sought; without it, the referral is
made only where there are historic or current child protection concerns)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.history import save as _save
from portal.models import Child, Person, User
from sharing import services as sharing
from sharing.models import ConsentRecord, Purpose, SharingDecision
from sharing.rules import ConsentAnswers, ConsentWording
from transfers.models import CinTransfer
from transfers.services.common import draft_for_update


@dataclass(frozen=True)
class FamilyAgreementDetails:
    agreement: str
    protection_concerns: str
    family_told: bool | None
    given_by: str = ""
    person: Person | None = None
    capacity_reason: str = ""
    method: str = ""
    decided_on: date | None = None
    proceed_reason: str = ""
    advice_from: str = ""
    advice_by: str = ""
    advice_on: date | None = None
    advice_summary: str = ""
    not_told_reason: str = ""

    @property
    def consent_status(self) -> str:
        """The family's answer as consent: given or refused when they were asked; none when not."""
        statuses: dict[str, str] = {
            CinTransfer.FamilyAgreement.AGREED: ConsentRecord.Status.GIVEN,
            CinTransfer.FamilyAgreement.REFUSED: ConsentRecord.Status.REFUSED,
        }
        return statuses.get(self.agreement, "")

    @property
    def consent_answers(self) -> ConsentAnswers:
        """Who agreed or did not, how and when, as consent answers (none when they were not asked)."""
        if not self.consent_status:
            return ConsentAnswers()
        return ConsentAnswers(
            status=self.consent_status,
            given_by=self.given_by,
            given_by_person_id=self.person.pk if self.person is not None else None,
            method=self.method,
            decided_on=self.decided_on,
            capacity_reason=self.capacity_reason.strip(),
        ).tidy()


def _consent_wording(verb: str) -> ConsentWording:
    return ConsentWording(
        given_by=f"Say who {verb}",
        given_by_person="Choose a person recorded as having parental responsibility for the child",
        given_by_person_on_record="Choose a person recorded as having parental responsibility for the child",
        method="Say how the family told you",
        decided_on="Enter the date the family told you",
        child_too_young="A child under 8 cannot agree for the family: choose a person with parental responsibility",
    )


# The consent answer -> the question on the family's agreement page that asks it.
_AGREEMENT_FIELD_OF = {
    "given_by": "given_by",
    "given_by_person": "given_by",
    "method": "method",
    "decided_on": "decided_on",
    "capacity_reason": "capacity_reason",
}


def _family_errors(details: FamilyAgreementDetails, child: Child) -> dict[str, str]:
    agreement = CinTransfer.FamilyAgreement
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if details.agreement not in agreement.values:
        errors["agreement"] = "Say whether the family agreed to the referral"
    if details.protection_concerns not in CinTransfer.ProtectionConcerns.values:
        errors["protection_concerns"] = "Say whether there are historic or current child protection concerns"
    if details.consent_status:
        verb = "agreed" if details.agreement == agreement.AGREED else "did not agree"
        consent = sharing.ConsentDetails(
            given_by=details.given_by if details.given_by in ConsentRecord.GivenBy.values else "",
            given_by_person=details.person,
            purpose=Purpose.CIN_TRANSFER,
            status=details.consent_status,
            decided_on=details.decided_on,  # type: ignore[arg-type]  # checked as an answer
            method=details.method if details.method in ConsentRecord.Method.values else "",
            capacity_reason=details.capacity_reason,
        )
        for name, message in sharing.consent_errors(
            child=child, details=consent, wording=_consent_wording(verb)
        ).items():
            if name in _AGREEMENT_FIELD_OF:
                errors.setdefault(_AGREEMENT_FIELD_OF[name], message)
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
        if details.consent_status or transfer.consent_record is not None:
            # Who agreed or did not, how and when: kept on the transfer's draft consent record (its
            # answers cleared when the family was not asked).
            transfer.consent_record = sharing.consent_draft_save(
                actor=actor,
                child=transfer.child,
                draft=transfer.consent_record,
                answers=details.consent_answers,
                purpose=Purpose.CIN_TRANSFER,
            )
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
