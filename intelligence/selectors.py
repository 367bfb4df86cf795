"""Reads for exploitation intelligence, already filtered to what the user may see (DESIGN §5).

The one access rule (issue 16): an item is visible to the practitioner who submitted it and, once
submitted, to the Child Exploitation team of the local authority it went to — the members of a team
of that kind in that authority who hold the Child Exploitation role — and to nobody else: not the
child's allocated worker or team (they are told only that intelligence is held), not a manager of
another team, not a Caldicott Guardian. Drafts are the submitter's alone. No writes.
"""

from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404

from intelligence.models import Individual, IntelligenceItem, ItemChild, Place, Vehicle
from portal import policies
from portal.models import Child, Organisation, Team, User
from portal.rules import normalise_nhs_number
from portal.viewer import viewer_facts

Item = IntelligenceItem
State = IntelligenceItem.State
TRIAGE_PERMISSION = "intelligence.triage_intelligenceitem"
SUBMIT_PERMISSION = "intelligence.add_intelligenceitem"
QUEUE_VIEWS = {
    "open": "To work on",
    "new": "New",
    "assessed": "Assessed",
    "linked": "Linked",
    "closed": "Shared with the police or closed",
}


# --- Who may do what ----------------------------------------------------------------------------


def may_submit(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(SUBMIT_PERMISSION)


def ce_authority_ids(user: User) -> set[int]:
    """The local authorities whose Child Exploitation team the user works in (with the role)."""
    if not user.is_authenticated or not user.is_active or not user.has_perm(TRIAGE_PERMISSION):
        return set()
    # From the viewer's facts: read once a request however many parts of a page ask.
    facts = viewer_facts(user)
    return {m.organisation_id for m in facts.memberships if m.team_kind == Team.Kind.CHILD_EXPLOITATION}


def is_ce_member(user: User) -> bool:
    return bool(ce_authority_ids(user))


def can_triage(user: User, item: Item) -> bool:
    return item.state != State.DRAFT and item.authority_id in ce_authority_ids(user)


def ce_teams(*, authority: Organisation | int) -> QuerySet[Team]:
    return policies.teams_of_kind(organisation=authority, kind=Team.Kind.CHILD_EXPLOITATION)


def ce_managers(*, authority: Organisation | int) -> QuerySet[User]:
    return policies.managers_of(organisation=authority, team_kinds=[Team.Kind.CHILD_EXPLOITATION])


def ce_members(*, authority: Organisation | int) -> QuerySet[User]:
    return policies.members_of(organisation=authority, team_kinds=[Team.Kind.CHILD_EXPLOITATION])


# --- Items --------------------------------------------------------------------------------------


def _items() -> QuerySet[Item]:
    return Item.objects.select_related("submitted_by", "submitter_organisation", "authority")


def item_list_for_user(*, user: User) -> QuerySet[Item]:
    if not user.is_authenticated or not user.is_active:
        return Item.objects.none()
    visible = Q(submitted_by=user)
    authorities = ce_authority_ids(user)
    if authorities:
        visible |= Q(authority_id__in=authorities) & ~Q(state=State.DRAFT)
    return _items().filter(visible)


def item_get_for_user(*, user: User, pk: int) -> Item:
    """The item, or 404 for anyone who is neither its submitter nor in the receiving team."""
    return get_object_or_404(item_list_for_user(user=user), pk=pk)


def draft_get_for_user(*, user: User, pk: int) -> Item:
    """The submitter's own draft, or 404 (a draft is nobody else's to see)."""
    return get_object_or_404(_items().filter(submitted_by=user, state=State.DRAFT), pk=pk)


def items_submitted_by(*, user: User) -> QuerySet[Item]:
    """My intelligence: drafts first, then what I submitted, newest first."""
    return (
        _items()
        .filter(submitted_by=user)
        .annotate(subject_count=Count("subjects", distinct=True))
        .order_by(F("submitted_at").desc(nulls_first=True), "-created_at", "-pk")
    )


def queue_for_user(*, user: User, show: str = "open", kind: str = "", overdue_on: date | None = None) -> QuerySet[Item]:
    """The Child Exploitation team's triage queue: what is waiting first (oldest first)."""
    items = _items().filter(authority_id__in=ce_authority_ids(user)).exclude(state=State.DRAFT)
    if show == "open":
        items = items.filter(state__in=Item.OPEN_STATES)
    elif show == "closed":
        items = items.filter(state__in=Item.CLOSED_STATES)
    elif show in (State.NEW, State.ASSESSED, State.LINKED):
        items = items.filter(state=show)
    if kind in Item.Kind.values:
        items = items.filter(kind=kind)
    if overdue_on is not None:
        items = items.filter(state=State.NEW, assess_due_on__lt=overdue_on)
    return items.annotate(
        child_count=Count("child_links", distinct=True),
        place_count=Count("place_links", distinct=True),
        vehicle_count=Count("vehicle_links", distinct=True),
    ).order_by("submitted_at", "pk")


def queue_counts(*, user: User, today: date) -> dict[str, int]:
    """The team manager's numbers for the queue, in one pass: new, new and not assessed in time,
    and assessed or linked (to decide)."""
    waiting = Item.objects.filter(authority_id__in=ce_authority_ids(user), state__in=Item.OPEN_STATES)
    return waiting.aggregate(
        new=Count("pk", filter=Q(state=State.NEW)),
        overdue=Count("pk", filter=Q(state=State.NEW, assess_due_on__lt=today)),
        to_decide=Count("pk", filter=~Q(state=State.NEW)),
    )


def item_subjects(*, item: Item) -> list:
    return list(item.subjects.all())


def item_child_links(*, item: Item) -> list[ItemChild]:
    return list(item.child_links.select_related("child__local_authority", "linked_by").order_by("linked_at"))


def item_place_links(*, item: Item) -> list:
    return list(item.place_links.select_related("place").annotate(recurrences=Count("place__item_links")))


def item_vehicle_links(*, item: Item) -> list:
    return list(item.vehicle_links.select_related("vehicle").annotate(recurrences=Count("vehicle__item_links")))


def item_individual_links(*, item: Item) -> list:
    """The people the item is linked to, each with how many submissions name them."""
    return list(
        item.individual_links.select_related("individual").annotate(recurrences=Count("individual__item_links"))
    )


def item_reads(*, item: Item) -> QuerySet:
    return item.reads.select_related("user__organisation")[:20]


def item_history(*, item: Item) -> QuerySet:
    return item.history.select_related("history_user").order_by("-history_date")[:20]


# --- Finding a child without opening the record ---------------------------------------------------


def child_exact_matches(
    *, first_name: str = "", last_name: str = "", date_of_birth: date | None = None, nhs_number: str = ""
) -> list[Child]:
    """Children in the portal matching exactly: the NHS number, or first name, last name and date of
    birth together. Nothing partial, so a search cannot be used to browse records; at most two come
    back (two means the match is not certain). The caller tells the searcher only whether one matched."""
    nhs = normalise_nhs_number(nhs_number) if nhs_number else ""
    if nhs:
        found = Child.objects.filter(nhs_number=nhs)
    elif first_name.strip() and last_name.strip() and date_of_birth:
        found = Child.objects.filter(
            first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip(), date_of_birth=date_of_birth
        )
    else:
        return []
    return list(found.select_related("local_authority", "allocated_team__organisation").order_by("pk")[:2])


# --- Places and vehicles --------------------------------------------------------------------------


def places_of(*, authority_id: int, district: str = "") -> QuerySet[Place]:
    places = Place.objects.filter(authority_id=authority_id)
    if district:
        places = places.filter(postcode_district=district)
    return places.annotate(item_count=Count("item_links")).order_by("postcode_district", "description")


def individuals_of(*, authority_id: int) -> QuerySet[Individual]:
    return (
        Individual.objects.filter(authority_id=authority_id)
        .annotate(item_count=Count("item_links"))
        .order_by("kind", "key")
    )


def vehicles_of(*, authority_id: int) -> QuerySet[Vehicle]:
    return Vehicle.objects.filter(authority_id=authority_id).order_by("registration")


# --- The clock ----------------------------------------------------------------------------------


def escalations_finished_item(*, ids: list[int]) -> set[int]:
    """Items no longer waiting to be assessed: their escalation is finished."""
    return set(Item.objects.filter(pk__in=ids).exclude(state=State.NEW).values_list("pk", flat=True))


def items_overdue_for_assessment(*, today: date) -> QuerySet[Item]:
    return (
        Item.objects.filter(state=State.NEW, assess_due_on__lt=today)
        .select_related("authority")
        .order_by("assess_due_on", "pk")
    )


# --- What the child's team is told ---------------------------------------------------------------


def children_with_intelligence(*, child_ids: list[int]) -> dict[int, list[int]]:
    """For each child, the authorities holding submitted intelligence linked to them (ids only)."""
    found: dict[int, list[int]] = {}
    rows = (
        ItemChild.objects.filter(child_id__in=child_ids)
        .exclude(item__state=State.DRAFT)
        .values_list("child_id", "item__authority_id")
        .distinct()
    )
    for child_id, authority_id in rows:
        found.setdefault(child_id, []).append(authority_id)
    return found
