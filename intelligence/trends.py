"""The picture of trends (issue 16): counts by type, postcode district and month; places and vehicles
that recur across submissions; people (adults of concern, other young people, online accounts) who recur;
places and people linked to more than one child — for the Child Exploitation
team's own authority, filtered, and exported as CSV for the partnership. Reads only, each a fixed
number of queries however many items there are; the CSV streams."""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.http import StreamingHttpResponse
from django.utils import timezone

from intelligence import rules, selectors
from intelligence.models import Individual, IntelligenceItem, ItemIndividual, Place, Vehicle
from portal.batch import read_together
from portal.models import User
from sharing.exports import csv_cell

Item = IntelligenceItem
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    district: str = ""
    since: date | None = None
    person_kind: str = ""


def filters_from(*, kind: str, district: str, months: int, today: date, person_kind: str = "") -> Filters:
    """Filters from the page's form, tolerant of anything typed (an unknown type or district is ignored)."""
    try:
        district = rules.postcode_district_normalise(district) if district else ""
    except ValueError:
        district = ""
    since = None
    if months:
        month, year = today.month - months + 1, today.year
        while month < 1:
            month, year = month + 12, year - 1
        since = date(year, month, 1)
    return Filters(
        kind=kind if kind in Item.Kind.values else "",
        district=district,
        since=since,
        person_kind=person_kind if person_kind in Individual.Kind.values else "",
    )


def trend_items(*, user: User, filters: Filters) -> QuerySet[Item]:
    """The submitted items of the user's Child Exploitation team(s), filtered."""
    items = Item.objects.filter(authority_id__in=selectors.ce_authority_ids(user)).exclude(state=Item.State.DRAFT)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.district:
        items = items.filter(postcode_district=filters.district)
    if filters.since:
        items = items.filter(happened_on__gte=filters.since)
    return items


def _kind_rows(items: QuerySet[Item]) -> QuerySet:
    return items.values_list("kind").annotate(n=Count("pk")).order_by()


def _district_rows(items: QuerySet[Item], *, limit: int = 15) -> QuerySet:
    return items.values_list("postcode_district").annotate(n=Count("pk")).order_by("-n", "postcode_district")[:limit]


def _month_rows(items: QuerySet[Item]) -> QuerySet:
    return (
        items.filter(happened_on__isnull=False)
        .annotate(month=TruncMonth("happened_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )


@dataclass(frozen=True)
class Picture:
    """Everything the trends page shows about the filtered items."""

    total: int
    kinds: list[tuple[str, int]]
    districts: list[tuple[str, int]]
    months: list[tuple[str, int]]
    places: list[Place]
    vehicles: list[Vehicle]
    shared_places: list[Place]
    people: list[Individual]
    shared_people: list[Individual]


def trends_picture(items: QuerySet[Item], *, person_kind: str = "") -> Picture:
    """Every count and list on the trends page, read in two queries (`portal.batch`): one query
    each took the page past 15 (issue 14)."""
    totals = items.values_list("authority_id").annotate(n=Count("pk")).order_by()
    kinds, districts, months = _kind_rows(items), _district_rows(items), _month_rows(items)
    places, vehicles = recurring_places(items), recurring_vehicles(items)
    shared_places = places_with_several_children(items)
    people = recurring_people(items, person_kind=person_kind)
    shared_people = people_with_several_children(items, person_kind=person_kind)
    # The months stay a query of their own: PostgreSQL's date_trunc gives a timestamp, which the
    # batch's JSON would hand a date field as text it cannot read.
    read_together([totals, kinds, districts, places, vehicles, shared_places, people, shared_people])
    counts = dict(kinds)
    return Picture(
        total=sum(n for _, n in totals),
        kinds=[(label, counts.get(value, 0)) for value, label in Item.Kind.choices],
        districts=[(district or "Not given", n) for district, n in districts],
        months=[(f"{month:%B %Y}", n) for month, n in months],
        places=list(places),
        vehicles=list(vehicles),
        shared_places=list(shared_places),
        people=list(people),
        shared_people=list(shared_people),
    )


def recurring_places(items: QuerySet[Item], *, minimum: int = 2, limit: int = 50) -> QuerySet[Place]:
    """Places linked to at least `minimum` of the items, with how many children those items name."""
    within = Q(item_links__item__in=items)
    return (
        Place.objects.annotate(
            item_count=Count("item_links__item", filter=within, distinct=True),
            child_count=Count("item_links__item__child_links__child", filter=within, distinct=True),
        )
        .filter(item_count__gte=minimum)
        .order_by("-item_count", "postcode_district", "description")[:limit]
    )


def places_with_several_children(items: QuerySet[Item], *, limit: int = 50) -> QuerySet[Place]:
    within = Q(item_links__item__in=items)
    return (
        Place.objects.annotate(
            item_count=Count("item_links__item", filter=within, distinct=True),
            child_count=Count("item_links__item__child_links__child", filter=within, distinct=True),
        )
        .filter(child_count__gte=2)
        .order_by("-child_count", "postcode_district", "description")[:limit]
    )


def recurring_vehicles(items: QuerySet[Item], *, minimum: int = 2, limit: int = 50) -> QuerySet[Vehicle]:
    within = Q(item_links__item__in=items)
    return (
        Vehicle.objects.annotate(
            item_count=Count("item_links__item", filter=within, distinct=True),
            place_count=Count("item_links__item__place_links__place", filter=within, distinct=True),
        )
        .filter(item_count__gte=minimum)
        .order_by("-item_count", "registration")[:limit]
    )


def _people(items: QuerySet[Item], person_kind: str) -> QuerySet[Individual]:
    within = Q(item_links__item__in=items)
    people = Individual.objects.filter(authority_id__in=items.values("authority_id"))
    if person_kind in Individual.Kind.values:
        people = people.filter(kind=person_kind)
    return people.annotate(
        item_count=Count("item_links__item", filter=within, distinct=True),
        child_count=Count("item_links__item__child_links__child", filter=within, distinct=True),
    )


def recurring_people(
    items: QuerySet[Item], *, person_kind: str = "", minimum: int = 2, limit: int = 50
) -> QuerySet[Individual]:
    """People linked to at least `minimum` of the items, with how many children those items name."""
    return (
        _people(items, person_kind)
        .filter(item_count__gte=minimum)
        .order_by("-item_count", "-child_count", "kind", "key")[:limit]
    )


def people_with_several_children(
    items: QuerySet[Item], *, person_kind: str = "", limit: int = 50
) -> QuerySet[Individual]:
    """Children linked to the same person: people whose items name two children or more."""
    return _people(items, person_kind).filter(child_count__gte=2).order_by("-child_count", "kind", "key")[:limit]


# --- The CSV for the partnership ------------------------------------------------------------------
# The shape of the picture, not the intelligence: no names, no free text, no submitter.

CSV_COLUMNS = [
    "Reference",
    "Submitted",
    "Type",
    "Seen or heard on",
    "Postcode district",
    "Grading",
    "Status",
    "Children linked",
    "Places linked",
    "Vehicles linked",
    "People linked",
    "People linked who recur",
]


def _recurring_people_of():
    """For one item (the outer row): how many of its people are named by another submitted item too.
    A count, never a name: the CSV leaves the partnership with no one identified in it."""
    others = ItemIndividual.objects.filter(individual_id=OuterRef("individual_id")).exclude(item_id=OuterRef("item_id"))
    return (
        ItemIndividual.objects.filter(Exists(others.exclude(item__state=Item.State.DRAFT)), item_id=OuterRef("pk"))
        .values("item_id")
        .annotate(n=Count("pk"))
        .values("n")
    )


class _Line:
    def write(self, line: str) -> str:
        return line


def _lines(items: QuerySet[Item]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS)
    rows = (
        items.annotate(
            children_n=Count("child_links", distinct=True),
            places_n=Count("place_links", distinct=True),
            vehicles_n=Count("vehicle_links", distinct=True),
            people_n=Count("individual_links", distinct=True),
            recurring_n=Subquery(_recurring_people_of(), output_field=IntegerField()),
        )
        .order_by("submitted_at", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for item in rows:
        values = [
            item.reference,
            timezone.localtime(item.submitted_at).strftime("%Y-%m-%d") if item.submitted_at else "",
            item.get_kind_display(),
            item.happened_on.isoformat() if item.happened_on else "",
            item.postcode_district,
            item.grading,
            item.get_state_display(),
            item.children_n,
            item.places_n,
            item.vehicles_n,
            item.people_n,
            item.recurring_n or 0,
        ]
        yield writer.writerow([csv_cell(value) for value in values])


def trends_csv(items: QuerySet[Item], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_lines(items), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
