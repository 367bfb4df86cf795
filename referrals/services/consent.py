"""The consent step of a referral, from the draft to the record.

On the draft: whose agreement was sought (the child, a parent or carer with parental responsibility
on the child's record, or one the referrer names when they cannot see the record), and whether it
was given, refused or not sought and why, kept on a draft consent record in `sharing` that the
referral refers to. As the referral is sent: the parent named without seeing the record is found on
it or added to it, and the draft becomes the `ConsentRecord`.

The consent step's answers arrive keyed as the page names them (`CONSENT_FIELDS`); this module
turns them into `sharing`'s consent answers.
"""

from dataclasses import replace
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from portal import services as core
from portal.models import Child, Organisation, Person, Relationship, User
from portal.services import PersonDetails, RelationshipDetails
from referrals import selectors
from referrals.models import MastReferral
from referrals.services.mast import MAST_RECIPIENT_NAME
from sharing import services as sharing
from sharing.models import ConsentRecord, Purpose
from sharing.rules import ConsentAnswers

# The consent step's answers, and the consent answer each one is.
ANSWER_OF: dict[str, str] = {
    "consent_decision": "status",
    "consent_given_by": "given_by",
    "consent_person": "given_by_person_id",
    "consent_method": "method",
    "consent_decided_on": "decided_on",
    "consent_not_sought_reason": "not_sought_reason",
    "consent_explanation": "explanation",
    "consent_capacity_reason": "capacity_reason",
}
CONSENT_FIELDS: set[str] = set(ANSWER_OF)

# A parent or carer named on the referral, and the relationship they have to the child.
NewParent = tuple[PersonDetails, RelationshipDetails]


def _forget_named_parent(referral: MastReferral) -> None:
    referral.consent_person_first_name = ""
    referral.consent_person_last_name = ""
    referral.consent_person_kind = ""
    referral.consent_person_source = ""


def _answers_with(answers: ConsentAnswers, changes: dict[str, Any]) -> ConsentAnswers:
    """The draft's answers with the step's changes (a person as their id, no answer as blank)."""
    values: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "consent_person":
            values["given_by_person_id"] = value.pk if value is not None else None
        elif name == "consent_decided_on":
            values["decided_on"] = value
        else:
            values[ANSWER_OF[name]] = value or ""
    return replace(answers, **values)


def consent_child_changed(*, actor: User, referral: MastReferral, child: Child) -> None:
    """Another child (or the same record, identified another way): agreement was about the previous
    child's parent, so it has to be asked again. The draft's answers follow the child."""
    answers = referral.consent_answers
    if answers.given_by_person_id is not None or referral.consent_person_first_name:
        answers = replace(answers, given_by="")
    # A judgement of capacity was about the previous child.
    answers = replace(answers, given_by_person_id=None, capacity_reason="")
    _forget_named_parent(referral)
    if referral.consent_record is not None:
        sharing.consent_draft_save(
            actor=actor, child=child, draft=referral.consent_record, answers=answers, purpose=Purpose.MAST_REFERRAL
        )


def consent_answers_save(*, actor: User, referral: MastReferral, changes: dict, new_parent: NewParent | None) -> None:
    """Check the consent step's answers against the child's record, keep the parent they name (on
    the referral when the referrer cannot see the record, until it is sent; added to the record
    through the core when they can), and keep the answers on the referral's draft consent record.
    Answers that no longer apply are cleared, so what is sent never carries a hidden answer the
    referrer cannot see."""
    child = referral.child
    if child is None:
        raise ValidationError({"consent_from": "Choose the child first: agreement is about their record."})
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
        person_details, relationship = new_parent
        link = core.person_add_to_child(actor=actor, child=child, person=person_details, relationship=relationship)
        changes = {**changes, "consent_person": link.person}
    elif person is not None and not selectors.has_parental_responsibility(person=person, child_id=referral.child_id):
        raise ValidationError(
            {"consent_from": "Choose a person recorded as having parental responsibility for this child"}
        )
    answers = _answers_with(referral.consent_answers, changes).tidy()
    if answers.given_by == ConsentRecord.GivenBy.CHILD:
        _forget_named_parent(referral)
    referral.consent_record = sharing.consent_draft_save(
        actor=actor, child=child, draft=referral.consent_record, answers=answers, purpose=Purpose.MAST_REFERRAL
    )


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
    """As the referral is sent (inside its transaction): the draft's consent answers become a
    `ConsentRecord` on the child's record. `matched`: the referrer identified a record held by
    another team and records consent on it without seeing it; the referral has checked they may
    (`policies.can_refer_about`)."""
    answers = referral.consent_answers
    person: Person | None = referral.consent_person
    if matched and answers.given_by == ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY:
        person = _named_parent_on_record(actor=actor, referral=referral, child=child, on=today)
    return sharing.consent_record(
        actor=actor,
        child=child,
        caller_checked_access=matched,
        draft=referral.consent_record,
        details=sharing.ConsentDetails(
            given_by=answers.given_by,
            given_by_person=person,
            purpose=Purpose.MAST_REFERRAL,
            purpose_detail=f"Referral {reference} to {authority} MAST",
            status=answers.status,
            decided_on=decided_on,
            categories=list(referral.information_categories),
            recipients=[authority],
            recipients_detail=f"{authority}: {MAST_RECIPIENT_NAME}",
            method=answers.method,
            not_sought_reason=answers.not_sought_reason,
            explanation=answers.explanation,
            capacity_reason=answers.capacity_reason,
        ),
    )
