"""Ready-made exploitation intelligence for tests, made through the services as the portal makes it,
and each authority's Child Exploitation team (a manager and a worker with the role)."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from intelligence import services
from intelligence.models import IntelligenceItem
from intelligence.services import ItemDetails
from portal.models import Role, Team, User
from tests.factories import TeamFactory, UserFactory, join

Item = IntelligenceItem


@dataclass
class CeTeam:
    team: Team
    manager: User
    worker: User


def ce_team(setup, authority: str = "north") -> CeTeam:
    """The authority's Child Exploitation team, made once per test."""
    key = f"ce-{authority}"
    if key not in setup.extra:
        org = getattr(setup, authority).org
        team = TeamFactory(organisation=org, name="Child Exploitation", kind=Team.Kind.CHILD_EXPLOITATION)
        team.phone, team.email = "0113 000 0000", f"ce@{authority}.example"
        team.save()
        manager = UserFactory(username=f"{authority}.cemanager", organisation=org, roles=[Role.CHILD_EXPLOITATION])
        worker = UserFactory(username=f"{authority}.ceworker", organisation=org, roles=[Role.CHILD_EXPLOITATION])
        join(manager, team, manager=True)
        join(worker, team)
        setup.extra[key] = CeTeam(team=team, manager=manager, worker=worker)
    return setup.extra[key]


def details(**overrides) -> ItemDetails:
    values = {
        "kind": Item.Kind.COUNTY_LINES,
        "seen_or_heard": "A boy was collected from the car park by an adult in a black car.",
        "opinion": "Looks like grooming.",
        "happened_on": timezone.localdate() - timedelta(days=2),
        "time_of_day": "9pm",
        "place_description": "The car park behind the Kwik Shop",
        "postcode_district": "LS11",
        "source_evaluation": "1",
        "assessment": "A",
        "handling": "P",
    }
    values.update(overrides)
    return ItemDetails(**values)


def draft(submitter: User, **overrides) -> Item:
    return services.intelligence_draft_save(actor=submitter, details=details(**overrides))


def submitted(submitter: User, *, child=None, **overrides) -> Item:
    item = draft(submitter, **overrides)
    if child is not None:
        services.intelligence_child_find(actor=submitter, item=item, nhs_number=child.nhs_number)
    return services.intelligence_submit(actor=submitter, item=item)


def assessed(setup, submitter: User, **overrides) -> Item:
    item = submitted(submitter, **overrides)
    return services.intelligence_assess(actor=ce_team(setup).worker, item=item, notes="Adds to what we know.")
