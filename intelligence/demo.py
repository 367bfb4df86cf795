"""Demo exploitation intelligence for `manage.py seed_demo`, made through the services so that access,
notifications, escalations and history are what the portal would make.

North's Child Exploitation team (its manager and a worker, from the core's demo users) receives:
intelligence from the school and the health visitor about the same car park, linked to the same
place (a recurrence the trends page shows) and to two children; a vehicle seen twice; an adult of
concern named in both, typed two ways and counted as one person linked to two children; one item
shared with the police and one closed with no further action; a new item not assessed in time (its
escalation is with the team's manager); and a draft the school has not finished. Idempotent: nothing
is added once the school has intelligence.
"""

from datetime import timedelta

from django.utils import timezone

from intelligence import services
from intelligence.models import IntelligenceItem
from intelligence.services import ItemDetails
from portal.demo import DemoWorld

Item = IntelligenceItem
CAR_PARK = "The car park behind the Kwik Shop"


def _item(world: DemoWorld, who: str, days_ago: int, **details) -> Item:
    values = {
        "kind": Item.Kind.COUNTY_LINES,
        "seen_or_heard": "",
        "happened_on": timezone.localdate() - timedelta(days=days_ago),
        "time_of_day": "around 9pm",
        "place_description": CAR_PARK,
        "postcode_district": "ZZ1",
        "source_evaluation": "1",
        "assessment": "A",
        "handling": "P",
    }
    values.update(details)
    return services.intelligence_draft_save(actor=world.users[who], details=ItemDetails(**values))


def _link_child(world: DemoWorld, item: Item, who: str, child) -> None:
    services.intelligence_child_find(actor=world.users[who], item=item, nhs_number=child.nhs_number)


def seed(world: DemoWorld) -> str:
    if Item.objects.filter(submitted_by=world.users["school.teacher"]).exists():
        return "intelligence: already seeded"
    worker, manager = world.users["north.ceworker"], world.users["north.cemanager"]
    first, second = world.children_of("north.socialworker")[:2]

    school = _item(
        world,
        "school.teacher",
        6,
        seen_or_heard="A pupil was collected from the car park by an adult in a black car and came back with new "
        "trainers and two phones.",
        opinion="This looks like grooming for county lines.",
    )
    _link_child(world, school, "school.teacher", first)
    services.intelligence_subject_add(
        actor=world.users["school.teacher"], item=school, kind="vehicle", description="Black Audi, AB12 CDE"
    )
    services.intelligence_subject_add(
        actor=world.users["school.teacher"], item=school, kind="adult", description="A man called Tiny Marston"
    )
    school = services.intelligence_submit(actor=world.users["school.teacher"], item=school)

    health = _item(
        world,
        "health.visitor",
        3,
        place_description="Kwik Shop car park",
        seen_or_heard="A parent said older boys meet younger ones at the Kwik Shop car park after dark.",
        source_evaluation="2",
        assessment="C",
        handling="C",
        handling_conditions="Not to be shared with the family.",
    )
    _link_child(world, health, "health.visitor", second)
    services.intelligence_subject_add(
        actor=world.users["health.visitor"], item=health, kind="adult", description="Marston, Tiny"
    )
    health = services.intelligence_submit(actor=world.users["health.visitor"], item=health)

    for item, notes, name in [
        (
            school,
            "Consistent with other reports about the car park. Link to the place and the vehicle.",
            "Tiny Marston",
        ),
        (health, "Same car park as the school's report. Link to the same place.", "marston, tiny"),
    ]:
        services.intelligence_assess(actor=worker, item=item, notes=notes)
        # The same man typed two ways: one person, two children linked to him.
        services.intelligence_link_person(actor=worker, item=item, kind="adult", name=name)
        services.intelligence_link_place(actor=worker, item=item, description=CAR_PARK, postcode_district="ZZ1")
        services.intelligence_link_vehicle(actor=worker, item=item, registration="AB12 CDE", description="Black Audi")
    services.intelligence_close(
        actor=manager,
        item=school,
        outcome=Item.State.SHARED_WITH_POLICE,
        reasons="Several reports about the same place and vehicle: the police's exploitation team should know.",
        police_reference="NP-2026-0412",
    )

    online = _item(
        world,
        "police.officer",
        10,
        kind=Item.Kind.ONLINE,
        place_description="An online game's chat",
        postcode_district="ZZ2",
        seen_or_heard="An account offered gifts to a child in exchange for photos.",
    )
    online = services.intelligence_submit(actor=world.users["police.officer"], item=online)
    services.intelligence_assess(actor=worker, item=online, notes="The account was already reported and removed.")
    services.intelligence_close(
        actor=worker, item=online, outcome=Item.State.NO_FURTHER_ACTION, reasons="Account removed; nothing to add."
    )

    late = _item(
        world,
        "police.officer",
        5,
        kind=Item.Kind.CRIMINAL,
        place_description="The underpass by the station",
        postcode_district="ZZ1",
        seen_or_heard="Two younger children were seen carrying a package for an older teenager.",
    )
    late = services.intelligence_submit(actor=world.users["police.officer"], item=late)
    # Submitted four days ago and never assessed: the sweep gives it to the team's manager.
    submitted = timezone.now() - timedelta(days=4)
    Item.objects.filter(pk=late.pk).update(submitted_at=submitted, assess_due_on=submitted.date() + timedelta(days=1))
    services.intelligence_escalate_unassessed(today=timezone.localdate())

    _item(
        world,
        "school.teacher",
        1,
        kind="",
        seen_or_heard="Heard in the playground: a pupil is being asked to 'run' for someone.",
        source_evaluation="",
        assessment="",
        handling="",
    )
    return "intelligence: 5 items (1 draft, 1 overdue), 1 place, 1 vehicle and 1 person recurring"
