"""Submitting intelligence: a draft any practitioner can save and come back to, whom it is about,
and the submission itself, which starts the one-working-day clock."""

from dataclasses import dataclass, fields
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from intelligence import clocks, rules, selectors
from intelligence.models import ItemChild, Subject
from intelligence.services.common import Item, State, lock, tell_allocated_team
from portal.access import require
from portal.history import save
from portal.models import Child, User
from portal.services import notify_each
from sharing.choices import IdentifierOmitted
from sharing.law import identifier_apply, identifier_require
from sharing.rules import ConsistentIdentifier

REQUIRED = {
    "kind": "Choose the type of exploitation",
    "seen_or_heard": "Enter what was seen or heard",
    "happened_on": "Enter the date it was seen or heard",
    "place_description": "Describe where it happened",
    "postcode_district": "Enter the postcode district, like LS11",
    "source_evaluation": "Choose how reliable the source is",
    "assessment": "Choose how the source knows this",
    "handling": "Choose whether the intelligence can be passed on",
}


@dataclass(frozen=True)
class ItemDetails:
    kind: str = ""
    seen_or_heard: str = ""
    opinion: str = ""
    happened_on: date | None = None
    time_of_day: str = ""
    place_description: str = ""
    postcode_district: str = ""
    source_evaluation: str = ""
    assessment: str = ""
    handling: str = ""
    handling_conditions: str = ""


def _checked(details: ItemDetails) -> ItemDetails:
    """The details tidied (the district normalised), or a ValidationError naming each bad field.
    Applied to drafts too: a precise address is never stored, even for a moment."""
    errors: dict[str, str] = {}
    district = details.postcode_district.strip()
    if district:
        try:
            district = rules.postcode_district_normalise(district)
        except ValueError as error:
            errors["postcode_district"] = str(error)
    found = rules.precise_address_in(details.place_description)
    if found:
        errors["place_description"] = f"Describe the place without {found}: the postcode district is enough"
    for name, choices in [
        ("kind", Item.Kind.values),
        ("source_evaluation", Item.SourceEvaluation.values),
        ("assessment", Item.Assessment.values),
        ("handling", Item.Handling.values),
    ]:
        value = getattr(details, name)
        if value and value not in choices:
            errors[name] = REQUIRED[name]
    if details.happened_on and details.happened_on > timezone.localdate():
        errors["happened_on"] = "The date must be today or in the past"
    if errors:
        raise ValidationError(errors)
    return ItemDetails(**{**{f.name: getattr(details, f.name) for f in fields(details)}, "postcode_district": district})


def _complete(item: Item) -> None:
    errors = {name: message for name, message in REQUIRED.items() if not getattr(item, name)}
    if item.handling == Item.Handling.CONDITIONS and not item.handling_conditions.strip():
        errors["handling_conditions"] = "Say on what conditions it can be passed on"
    if errors:
        raise ValidationError(errors)


def intelligence_draft_save(*, actor: User, details: ItemDetails, item: Item | None = None) -> Item:
    """Start a draft, or change one the actor started. A draft can be saved incomplete."""
    require(selectors.may_submit(actor), "Your role cannot submit intelligence.")
    details = _checked(details)
    with transaction.atomic():
        if item is None:
            authority = actor.organisation.local_authority if actor.organisation else None
            if authority is None:
                raise ValidationError(
                    "Your organisation is not in a local authority's area, so has no Child "
                    "Exploitation team to send intelligence to. Ask your administrator."
                )
            item = Item(submitted_by=actor, submitter_organisation=actor.organisation, authority=authority)
            reason = "Intelligence draft started"
        else:
            item = lock(item)
            if item.submitted_by_id != actor.pk or item.state != State.DRAFT:
                raise PermissionDenied("Only its submitter changes a draft.")
            reason = "Intelligence draft changed"
        for name, value in details.__dict__.items():
            setattr(item, name, value)
        save(item, reason=reason, by=actor)
    return item


def _own_draft(actor: User, item: Item) -> Item:
    item = lock(item)
    if item.submitted_by_id != actor.pk or item.state != State.DRAFT:
        raise PermissionDenied("Only its submitter changes a draft.")
    return item


def intelligence_subject_add(*, actor: User, item: Item, kind: str, description: str) -> Subject:
    """Another young person, an adult of concern, a vehicle, a location or an online account."""
    errors = {}
    if kind not in Subject.Kind.values:
        errors["kind"] = "Choose who or what this is"
    if not description.strip():
        errors["description"] = "Describe them: a name or nickname, a registration, a username"
    elif kind == Subject.Kind.LOCATION and rules.precise_address_in(description):
        errors["description"] = f"Describe the place without {rules.precise_address_in(description)}"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = _own_draft(actor, item)
        subject = Subject(item=item, kind=kind, description=description.strip()[:300])
        save(subject, reason="Subject added to intelligence", by=actor)
    return subject


def intelligence_subject_remove(*, actor: User, subject: Subject) -> None:
    with transaction.atomic():
        _own_draft(actor, subject.item)
        subject.delete()


def intelligence_child_find(
    *,
    actor: User,
    item: Item,
    first_name: str = "",
    last_name: str = "",
    date_of_birth: date | None = None,
    nhs_number: str = "",
) -> ItemChild | None:
    """Link the item to the one child in the portal matching exactly, without opening the record to
    the actor (no grant, nothing of the record shown). None when no single child matched."""
    if not nhs_number and not (first_name.strip() and last_name.strip() and date_of_birth):
        raise ValidationError("Enter the child's NHS number, or their first name, last name and date of birth")
    matches = selectors.child_exact_matches(
        first_name=first_name, last_name=last_name, date_of_birth=date_of_birth, nhs_number=nhs_number
    )
    if len(matches) != 1:
        return None
    with transaction.atomic():
        item = lock(item)
        if item.state == State.DRAFT:
            _own_draft(actor, item)
        else:
            require(selectors.can_triage(actor, item), "Only the Child Exploitation team links a submitted item.")
            if item.state in Item.CLOSED_STATES:
                raise ValidationError("This item is closed: nothing more can be linked to it.")
        link = ItemChild.objects.filter(item=item, child=matches[0]).first()
        if link is None:
            link = ItemChild(item=item, child=matches[0], linked_by=actor)
            identifier_apply(record=link, identifier=_identifier_for(matches[0]))
            save(link, reason="Intelligence linked to a child", by=actor)
            if item.state != State.DRAFT:
                tell_allocated_team(item=item, child=matches[0], actor=actor)
                if item.state == State.ASSESSED:
                    item.mark_linked()
                    save(item, reason="Intelligence linked", by=actor)
    return link


# The consistent identifier (s16LC) an item carries for a linked child. The submitter cannot open the
# record, so the portal supplies the NHS number it holds; where it holds none, finding it would mean
# someone opening records the submitter may not see, and that wait would delay the intelligence.
NO_NHS_NUMBER_HELD = (
    "The portal holds no NHS number for this child, and the person submitting intelligence cannot open "
    "the child's record to find it."
)


def _identifier_for(child: Child) -> ConsistentIdentifier:
    if child.nhs_number:
        return identifier_require(known_nhs_number=child.nhs_number, omitted_reason="", explanation="")
    return identifier_require(
        known_nhs_number="",
        omitted_reason=IdentifierOmitted.UNKNOWN_UNREASONABLE_DELAY,
        explanation=NO_NHS_NUMBER_HELD,
    )


def intelligence_child_unlink(*, actor: User, link: ItemChild) -> None:
    """Take back a child the submitter linked by mistake, while the item is still a draft."""
    with transaction.atomic():
        _own_draft(actor, link.item)
        link.delete()


def intelligence_submit(*, actor: User, item: Item) -> Item:
    """Send the draft to the Child Exploitation team: due to be assessed within one working day. The
    teams of the children it is linked to are told that intelligence is held."""
    with transaction.atomic():
        item = _own_draft(actor, item)
        _complete(item)
        now = timezone.now()
        item.submit(at=now, due_on=clocks.assessment_due(timezone.localdate(now)))
        save(item, reason="Intelligence submitted", by=actor)
        for link in item.child_links.select_related("child__allocated_team"):
            tell_allocated_team(item=item, child=link.child, actor=actor)
        notify_each(
            selectors.ce_members(authority=item.authority_id),
            event_key=f"intelligence-submitted:{item.pk}",
            subject=f"New exploitation intelligence {item.reference} to triage",
            body="New intelligence has been submitted to your team. Assess it within one working day.",
            link=item.get_absolute_url(),
            exclude=actor,
        )
    return item
