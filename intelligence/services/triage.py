"""The Child Exploitation team's work on an item: assess it, link it to children, places,
vehicles and people, and close it — shared with the police or no further action — with reasons. Each service
checks that the actor is in the receiving team and locks the item."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from intelligence import rules, selectors
from intelligence.models import Individual, ItemIndividual, ItemPlace, ItemRead, ItemVehicle, Place, Vehicle
from intelligence.services.common import Item, State, lock
from portal.access import require
from portal.history import save
from portal.models import Escalation, User
from portal.services import escalations_close_for

MIN_REASONS = 10


def _team_item(actor: User, item: Item) -> Item:
    item = lock(item)  # checked as it is now, not as the caller last read it
    require(selectors.can_triage(actor, item), "Only the Child Exploitation team works on intelligence.")
    return item


def intelligence_read_record(*, user: User, item: Item, what: str) -> ItemRead:
    """Every opening of an item is logged against the item (who, when, what)."""
    read = ItemRead(item=item, user=user, what=what[:100])
    save(read, reason="Intelligence read", by=user)
    return read


def intelligence_assess(*, actor: User, item: Item, notes: str) -> Item:
    """The team has read and graded the item: its clock stops and any escalation about it closes."""
    if len(notes.strip()) < MIN_REASONS:
        raise ValidationError({"notes": "Record the assessment: what the intelligence adds and what happens next"})
    with transaction.atomic():
        item = _team_item(actor, item)
        item.assess(by=actor, at=timezone.now(), notes=notes.strip())
        save(item, reason="Intelligence assessed", by=actor)
        escalations_close_for(
            subject=item,
            kinds=[Escalation.Kind.INTELLIGENCE_NOT_ASSESSED],
            resolution="Assessed",
            rationale="The Child Exploitation team assessed the intelligence.",
            by=actor,
        )
    return item


def _linkable(actor: User, item: Item) -> Item:
    item = _team_item(actor, item)
    if item.state not in Item.WORKABLE_STATES:
        raise ValidationError("Assess the item before linking it; a closed item takes no more links.")
    return item


def _linked(item: Item, actor: User) -> None:
    if item.state == State.ASSESSED:
        item.mark_linked()
        save(item, reason="Intelligence linked", by=actor)


def _link_once[Link: (ItemPlace, ItemVehicle, ItemIndividual)](
    *, actor: User, item: Item, model: type[Link], reason: str, **target: object
) -> Link:
    """The item's link to a place, vehicle or person, made only if it is not there yet: linking twice
    is not a second recurrence and writes no second history row."""
    link = model.objects.filter(item=item, **target).first()
    if link is None:
        link = model(item=item, linked_by=actor, **target)
        save(link, reason=reason, by=actor)
        _linked(item, actor)
    return link


def intelligence_link_place(
    *, actor: User, item: Item, place: Place | None = None, description: str = "", postcode_district: str = ""
) -> ItemPlace:
    """Link the item to a place the team already knows, or to a new one (found again if the same
    description and district were entered before, so recurrences count as one place)."""
    with transaction.atomic():
        item = _linkable(actor, item)
        if place is None:
            errors = {}
            try:
                district = rules.postcode_district_normalise(postcode_district)
            except ValueError as error:
                errors["postcode_district"] = str(error)
            key = rules.place_key(description)
            if not key:
                errors["description"] = "Describe the place, like \u201cthe car park behind the Kwik Shop\u201d"
            elif rules.precise_address_in(description):
                errors["description"] = f"Describe the place without {rules.precise_address_in(description)}"
            if errors:
                raise ValidationError(errors)
            place = Place.objects.filter(authority_id=item.authority_id, postcode_district=district, key=key).first()
            if place is None:
                place = Place(
                    authority_id=item.authority_id,
                    description=description.strip()[:200],
                    postcode_district=district,
                    key=key,
                )
                save(place, reason="Place recorded", by=actor)
        elif place.authority_id != item.authority_id:
            raise ValidationError({"place": "Choose one of your authority's places"})
        return _link_once(actor=actor, item=item, model=ItemPlace, reason="Intelligence linked to a place", place=place)


def intelligence_link_vehicle(*, actor: User, item: Item, registration: str, description: str = "") -> ItemVehicle:
    try:
        registration = rules.registration_normalise(registration)
    except ValueError as error:
        raise ValidationError({"registration": str(error)}) from error
    with transaction.atomic():
        item = _linkable(actor, item)
        vehicle = Vehicle.objects.filter(authority_id=item.authority_id, registration=registration).first()
        if vehicle is None:
            vehicle = Vehicle(authority_id=item.authority_id, registration=registration, description=description[:120])
            save(vehicle, reason="Vehicle recorded", by=actor)
        return _link_once(
            actor=actor, item=item, model=ItemVehicle, reason="Intelligence linked to a vehicle", vehicle=vehicle
        )


def intelligence_link_person(
    *, actor: User, item: Item, individual: Individual | None = None, kind: str = "", name: str = ""
) -> ItemIndividual:
    """Link the item to a person the team already knows, or to one named now: an adult of concern,
    another young person or an online account, found again by the normalised name (so "Tiny
    Marston" and "marston, tiny" are one person and their submissions count together)."""
    with transaction.atomic():
        item = _linkable(actor, item)
        if individual is None:
            errors = {}
            if kind not in Individual.Kind.values:
                errors["kind"] = "Choose who this is"
            key = rules.person_key(kind, name)
            if not key:
                errors["name"] = "Enter their name or nickname, or the account's username"
            if errors:
                raise ValidationError(errors)
            individual = Individual.objects.filter(authority_id=item.authority_id, kind=kind, key=key).first()
            if individual is None:
                individual = Individual(authority_id=item.authority_id, kind=kind, name=name.strip()[:200], key=key)
                save(individual, reason="Person recorded", by=actor)
        elif individual.authority_id != item.authority_id:
            raise ValidationError({"individual": "Choose one of your authority's people"})
        return _link_once(
            actor=actor,
            item=item,
            model=ItemIndividual,
            reason="Intelligence linked to a person",
            individual=individual,
        )


def intelligence_close(*, actor: User, item: Item, outcome: str, reasons: str, police_reference: str = "") -> Item:
    """Shared with the police (with their reference, if given) or no further action: reasons either way."""
    errors = {}
    if outcome not in (State.SHARED_WITH_POLICE, State.NO_FURTHER_ACTION):
        errors["outcome"] = "Choose shared with the police or no further action"
    if len(reasons.strip()) < MIN_REASONS:
        errors["reasons"] = "Give the reasons for the decision"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = _team_item(actor, item)
        now = timezone.now()
        if outcome == State.SHARED_WITH_POLICE:
            item.share_with_police(by=actor, at=now, reasons=reasons.strip(), police_reference=police_reference[:60])
            save(item, reason="Intelligence shared with the police", by=actor)
        else:
            item.close_no_further_action(by=actor, at=now, reasons=reasons.strip())
            save(item, reason="Intelligence closed: no further action", by=actor)
    return item
