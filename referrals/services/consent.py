"""The consent step of a referral, from the draft to the record.

On the draft: whose agreement was sought (the child, a parent or carer with parental responsibility
on the child's record, or one the referrer names when they cannot see the record), and whether it
was given, refused or not sought and why. As the referral is sent: the parent named without seeing
the record is found on it or added to it, and the decision becomes a `ConsentRecord` through
`sharing`.

Everything the referral keeps about consent is read and written here (with `forms/consent.py` and
`views/consent.py` for the page), so the draft's consent fields can give way to one shared consent
capture by changing these modules alone.
"""

from datetime import date

from django.core.exceptions import ValidationError

from portal import services as core
from portal.models import Child, Organisation, Person, Relationship, User
from portal.services import PersonDetails, RelationshipDetails
from referrals import selectors
from referrals.models import MastReferral
from referrals.services.mast import MAST_RECIPIENT_NAME
from sharing import services as sharing
from sharing.models import ConsentRecord, Purpose

CONSENT_FIELDS: set[str] = {
    "consent_decision",
    "consent_given_by",
    "consent_person",
    "consent_method",
    "consent_decided_on",
    "consent_not_sought_reason",
    "consent_explanation",
}

# A parent or carer named on the referral, and the relationship they have to the child.
NewParent = tuple[PersonDetails, RelationshipDetails]


def _forget_named_parent(referral: MastReferral) -> None:
    referral.consent_person_first_name = ""
    referral.consent_person_last_name = ""
    referral.consent_person_kind = ""
    referral.consent_person_source = ""


def consent_child_changed(referral: MastReferral) -> None:
    """Another child (or the same record, identified another way): agreement was about the previous
    child's parent, so it has to be asked again."""
    if referral.consent_person_id is not None or referral.consent_person_first_name:
        referral.consent_given_by = ""
    referral.consent_person = None
    _forget_named_parent(referral)


def consent_answers_take(*, actor: User, referral: MastReferral, changes: dict, new_parent: NewParent | None) -> dict:
    """Check the consent step's answers against the child's record and keep the parent they name:
    on the referral when the referrer cannot see the record (until it is sent), or added to the
    record through the core when they can. Returns the changes to save."""
    person = changes.get("consent_person")
    if referral.child_is_matched:
        # The referrer cannot see the child's recorded people: they name the parent, kept on the
        # referral until it is sent.
        if person is not None:
            raise ValidationError({"consent_from": "Name the parent or carer with parental responsibility"})
        if new_parent is not None:
            person_details, relationship = new_parent
            referral.consent_person_first_name = person_details.first_name
            referral.consent_person_last_name = person_details.last_name
            referral.consent_person_kind = relationship.kind
            referral.consent_person_source = relationship.source
        elif changes.get("consent_given_by") != ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY:
            _forget_named_parent(referral)
    elif new_parent is not None:
        child = referral.child
        if child is None:
            raise ValidationError({"consent_from": "Choose the child before naming their parent or carer"})
        person_details, relationship = new_parent
        link = core.person_add_to_child(actor=actor, child=child, person=person_details, relationship=relationship)
        changes = {**changes, "consent_person": link.person}
    elif person is not None and not selectors.has_parental_responsibility(person=person, child_id=referral.child_id):
        raise ValidationError(
            {"consent_from": "Choose a person recorded as having parental responsibility for this child"}
        )
    return changes


def consent_answers_tidy(referral: MastReferral) -> None:
    """Clear the consent answers that no longer apply, so what is sent never carries a hidden answer
    the referrer cannot see."""
    if referral.consent_decision == ConsentRecord.Status.NOT_SOUGHT:
        referral.consent_method = ""
    elif referral.consent_decision:
        referral.consent_not_sought_reason = ""
    if referral.consent_given_by == ConsentRecord.GivenBy.CHILD:
        referral.consent_person = None
        _forget_named_parent(referral)


def _named_parent_on_record(*, actor: User, referral: MastReferral, child: Child, on: date) -> Person:
    """The parent a referrer named without seeing the child's record: a person already recorded with
    parental responsibility under exactly that name and relationship, or else added to the record
    through the core (with the privacy information owed if their details came from a third party)."""
    existing = (
        Relationship.objects.filter(
            child=child,
            has_parental_responsibility=True,
            kind=referral.consent_person_kind,
            person__first_name__iexact=referral.consent_person_first_name.strip(),
            person__last_name__iexact=referral.consent_person_last_name.strip(),
        )
        .select_related("person")
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing.person
    link = core.person_add_to_child(
        actor=actor,
        child=child,
        person=PersonDetails(
            first_name=referral.consent_person_first_name.strip(), last_name=referral.consent_person_last_name.strip()
        ),
        relationship=RelationshipDetails(
            kind=referral.consent_person_kind,
            has_parental_responsibility=True,
            source=referral.consent_person_source or Relationship.Source.FROM_PERSON,
            obtained_on=on,
        ),
        caller_checked_access=True,
    )
    return link.person


def consent_record_on_sending(
    *,
    actor: User,
    referral: MastReferral,
    child: Child,
    decided_on: date,
    authority: Organisation,
    reference: str,
    today: date,
    matched: bool,
) -> ConsentRecord:
    """As the referral is sent (inside its transaction): the consent decision as a `ConsentRecord`
    on the child's record. `matched`: the referrer identified a record held by another team and
    records consent on it without seeing it; the referral has checked they may
    (`policies.can_refer_about`)."""
    if matched and referral.consent_given_by == ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY:
        referral.consent_person = _named_parent_on_record(actor=actor, referral=referral, child=child, on=today)
    return sharing.consent_record(
        actor=actor,
        child=child,
        caller_checked_access=matched,
        details=sharing.ConsentDetails(
            given_by=referral.consent_given_by,
            given_by_person=referral.consent_person,
            purpose=Purpose.MAST_REFERRAL,
            purpose_detail=f"Referral {reference} to {authority} MAST",
            status=referral.consent_decision,
            decided_on=decided_on,
            categories=list(referral.information_categories),
            recipients=[authority],
            recipients_detail=f"{authority}: {MAST_RECIPIENT_NAME}",
            method=referral.consent_method,
            not_sought_reason=referral.consent_not_sought_reason,
            explanation=referral.consent_explanation,
        ),
    )
