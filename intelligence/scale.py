"""The exploitation intelligence of `manage.py seed_scale` (issue 14): one item for every fifty
children, submitted to north's Child Exploitation team by the school, a tenth still new and the rest
assessed and linked to one of twenty places, one of ten people and to a scale child. Written in bulk."""

from datetime import timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from intelligence import rules
from intelligence.models import Individual, IntelligenceItem, ItemChild, ItemIndividual, ItemPlace, Place
from portal.models import Organisation, User
from portal.scale import ScaleWorld, missing

SHARE = 0.02
MARK = "Scale data: "
KINDS = IntelligenceItem.Kind.values
PLACES = 20
PEOPLE = 10


def scale_places(*, authority: Organisation, count: int = PLACES) -> list[Place]:
    wanted = [(f"Scale place {n}", f"ZZ{n % 9 + 1}") for n in range(count)]
    existing = {(p.key, p.postcode_district): p for p in Place.objects.filter(authority=authority)}
    new = [
        Place(authority=authority, description=d, postcode_district=z, key=rules.place_key(d))
        for d, z in wanted
        if (rules.place_key(d), z) not in existing
    ]
    bulk_create_with_history(new, Place, default_change_reason="Place recorded (scale data)")
    found = {(p.key, p.postcode_district): p for p in Place.objects.filter(authority=authority)}
    return [found[(rules.place_key(d), z)] for d, z in wanted]


def scale_people(*, authority: Organisation, count: int = PEOPLE) -> list[Individual]:
    kinds = Individual.Kind.values
    wanted = [(kinds[n % len(kinds)], f"Scale person {n}") for n in range(count)]
    existing = {(p.kind, p.key) for p in Individual.objects.filter(authority=authority)}
    new = [
        Individual(authority=authority, kind=k, name=name, key=rules.person_key(k, name))
        for k, name in wanted
        if (k, rules.person_key(k, name)) not in existing
    ]
    bulk_create_with_history(new, Individual, default_change_reason="Person recorded (scale data)")
    found = {(p.kind, p.key): p for p in Individual.objects.filter(authority=authority)}
    return [found[(k, rules.person_key(k, name))] for k, name in wanted]


def bulk_items(
    *,
    authority: Organisation,
    submitter: User,
    linker: User,
    indices: range | list[int],
    places: list[Place],
    child_ids: list[int],
) -> list[IntelligenceItem]:
    """Submitted items (a tenth new, the rest linked), each linked to a place and, where there are
    children, to one child."""
    now = timezone.now()
    items = []
    for i in indices:
        new = i % 10 == 0
        submitted = now - timedelta(days=i % 400, hours=1)
        items.append(
            IntelligenceItem(
                submitted_by=submitter,
                submitter_organisation=submitter.organisation,
                authority=authority,
                state=IntelligenceItem.State.NEW if new else IntelligenceItem.State.LINKED,
                kind=KINDS[i % len(KINDS)],
                seen_or_heard=f"{MARK}{i}",
                happened_on=submitted.date(),
                place_description=places[i % len(places)].description,
                postcode_district=places[i % len(places)].postcode_district,
                source_evaluation="2",
                assessment="B",
                handling="P",
                submitted_at=submitted,
                assess_due_on=submitted.date() + timedelta(days=1),
                assessed_at=None if new else submitted,
                assessed_by=None if new else linker,
            )
        )
    made = bulk_create_with_history(
        items, IntelligenceItem, default_change_reason="Intelligence submitted (scale data)"
    )
    links = [ItemPlace(item=item, place=places[n % len(places)], linked_by=linker) for n, item in enumerate(made)]
    bulk_create_with_history(links, ItemPlace, default_change_reason="Intelligence linked (scale data)")
    people = scale_people(authority=authority)
    named = [
        ItemIndividual(item=item, individual=people[n % len(people)], linked_by=linker) for n, item in enumerate(made)
    ]
    bulk_create_with_history(named, ItemIndividual, default_change_reason="Intelligence linked (scale data)")
    if child_ids:
        children = [
            ItemChild(item=item, child_id=child_ids[(n * 50 + 3) % len(child_ids)], linked_by=linker)
            for n, item in enumerate(made)
        ]
        bulk_create_with_history(children, ItemChild, default_change_reason="Intelligence linked (scale data)")
    return made


def seed(world: ScaleWorld) -> dict[str, int]:
    demo = world.demo
    authority = demo.orgs["north"]
    todo = missing(IntelligenceItem.objects.filter(seen_or_heard__startswith=MARK).count(), world.share(SHARE))
    places = scale_places(authority=authority)
    child_ids = world.child_ids()

    def make(start: int, stop: int) -> None:
        bulk_items(
            authority=authority,
            submitter=demo.users["school.teacher"],
            linker=demo.users["north.ceworker"],
            indices=todo[start:stop],
            places=places,
            child_ids=child_ids,
        )

    world.in_batches("Exploitation intelligence", len(todo), make)
    return {"intelligence_items": len(todo)}
