"""Information sharing agreements and the organisations party to them."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.access import require
from portal.history import save
from portal.models import Organisation, User
from sharing import policies
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
    """Record an agreement or change one. An organisation no longer party is ended (who and when),
    never deleted; one that joins, or rejoins, gets a new current link."""
    require(policies.may_record_agreement(actor, agreement), "Only information governance leads can record agreements.")
    if details.review_on < details.starts_on:
        raise ValidationError({"review_on": "The review date must be after the start date"})
    if details.ends_on and details.ends_on < details.starts_on:
        raise ValidationError({"ends_on": "The end date must be after the start date"})
    if not details.parties:
        raise ValidationError({"parties": "Choose the organisations that are party to the agreement"})
    with transaction.atomic():
        if agreement is None:
            record = SharingAgreement(recorded_by=actor)
        else:
            # Two leads editing at once must not both add the same party.
            record = SharingAgreement.objects.select_for_update().get(pk=agreement.pk)
        for name in ("tier", "title", "purpose", "starts_on", "review_on", "ends_on"):
            setattr(record, name, getattr(details, name))
        if details.document:
            record.document = details.document
        save(record, reason="Agreement updated" if agreement else "Agreement recorded", by=actor)
        wanted = {o.pk for o in details.parties}
        current = list(record.party_links.current()) if agreement else []
        for link in current:
            if link.organisation_id not in wanted:
                _party_end(link, actor=actor)
        staying = {link.organisation_id for link in current if link.organisation_id in wanted}
        for organisation in details.parties:
            if organisation.pk not in staying:
                save(AgreementParty(agreement=record, organisation=organisation), reason="Party added", by=actor)
                staying.add(organisation.pk)
    return record


def _party_end(link: AgreementParty, *, actor: User) -> None:
    link.ended_at = timezone.now()
    link.ended_by = actor
    save(link, reason="Party ended", by=actor)
