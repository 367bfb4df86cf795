"""People in a child's life (parents, carers, significant others) and their relationship to the child."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from portal import policies, signals
from portal.access import has_object_permission
from portal.access import require as _require
from portal.history import save as _save
from portal.models import Child, Person, Relationship, User


@dataclass(frozen=True)
class PersonDetails:
    first_name: str
    last_name: str
    date_of_birth: date | None = None
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class RelationshipDetails:
    kind: str
    has_parental_responsibility: bool = False
    lives_with_child: bool = False
    source: str = Relationship.Source.FROM_PERSON
    obtained_on: date | None = None


def person_add_to_child(
    *,
    actor: User,
    child: Child,
    person: PersonDetails,
    relationship: RelationshipDetails,
    caller_checked_access: bool = False,
) -> Relationship:
    """Record a person in a child's life. A workflow that decided itself that the actor may add to
    this record without seeing it (a MAST referral about a child held by another team) says so with
    `caller_checked_access`."""
    _require(
        caller_checked_access or has_object_permission(actor, "change_child", child),
        "You cannot edit this child's record.",
    )
    with transaction.atomic():
        record = Person(**person.__dict__)
        record.full_clean()
        _save(record, reason="Person recorded", by=actor)
        link = Relationship(
            child=child,
            person=record,
            recorded_by=actor,
            **{k: v for k, v in relationship.__dict__.items() if v is not None},
        )
        link.full_clean()
        _save(link, reason="Relationship recorded", by=actor)
        signals.relationship_recorded.send(sender=Relationship, relationship=link, actor=actor)
    return link


def person_update(*, actor: User, person: Person, details: PersonDetails) -> Person:
    _require(policies.may_edit_person(actor, person), "You cannot edit this person's details.")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        for field, value in details.__dict__.items():
            setattr(person, field, value)
        person.full_clean()
        _save(person, reason="Person's details updated", by=actor)
    return person
