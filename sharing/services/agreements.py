"""Information sharing agreements and the organisations party to them."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from portal.access import require
from portal.history import save
from portal.models import Organisation, User
from sharing.models import AgreementParty, SharingAgreement


@dataclass(frozen=True)
class AgreementDetails:
    tier: str
    title: str
    purpose: str
    starts_on: date
    review_on: date
    parties: list[Organisation]
    ends_on: date | None = None
    document: object | None = None


def agreement_save(
    *, actor: User, details: AgreementDetails, agreement: SharingAgreement | None = None
) -> SharingAgreement:
    permission = "sharing.change_sharingagreement" if agreement else "sharing.add_sharingagreement"
    require(actor.has_perm(permission), "Only information governance leads can record agreements.")
    if details.review_on < details.starts_on:
        raise ValidationError({"review_on": "The review date must be after the start date"})
    if details.ends_on and details.ends_on < details.starts_on:
        raise ValidationError({"ends_on": "The end date must be after the start date"})
    if not details.parties:
        raise ValidationError({"parties": "Choose the organisations that are party to the agreement"})
    with transaction.atomic():
        record = agreement or SharingAgreement(recorded_by=actor)
        for name in ("tier", "title", "purpose", "starts_on", "review_on", "ends_on"):
            setattr(record, name, getattr(details, name))
        if details.document:
            record.document = details.document
        save(record, reason="Agreement updated" if agreement else "Agreement recorded", by=actor)
        wanted = {o.pk for o in details.parties}
        for link in record.party_links.all():
            if link.organisation_id not in wanted:
                link.delete()
        existing = set(record.party_links.values_list("organisation_id", flat=True))
        for organisation in details.parties:
            if organisation.pk not in existing:
                save(AgreementParty(agreement=record, organisation=organisation), reason="Party added", by=actor)
    return record
