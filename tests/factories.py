"""factory-boy factories and a ready-made world for tests."""

from dataclasses import dataclass, field
from datetime import date

import factory
from django.contrib.auth.models import Group

from portal import services
from portal.demo import synthetic_nhs_number
from portal.models import Child, Organisation, Person, Relationship, Role, Team, User

PASSWORD = "a-test-password-123"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.LOCAL_AUTHORITY


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    kind = Team.Kind.CHILD_IN_NEED


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    organisation = factory.SubFactory(OrganisationFactory)
    job_title = "Social worker"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(Group.objects.get(name=role))


_nhs_counter = iter(range(10_000, 10_000_000))


def next_nhs_number() -> str:
    return synthetic_nhs_number(next(_nhs_counter) * 3)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")


def join(user: User, team: Team, *, manager: bool = False) -> User:
    services.team_membership_add(actor=None, team=team, user=user, is_manager=manager)
    return user


def make_child(*, worker: User, team: Team, local_authority: Organisation | None = None, **details) -> Child:
    """A child created through the service, so access is granted exactly as in the portal."""
    values = {
        "first_name": "Test",
        "last_name": "Child",
        "date_of_birth": date(2018, 5, 4),
        "nhs_number": next_nhs_number(),
        "local_authority": local_authority or team.organisation.local_authority or team.organisation,
    }
    values.update(details)
    return services.child_create(actor=worker, details=services.ChildDetails(**values), team=team)


def relate(child: Child, person: Person, kind: str = Relationship.Kind.MOTHER, **extra) -> Relationship:
    return Relationship.objects.create(child=child, person=person, kind=kind, **extra)


@dataclass
class Authority:
    org: Organisation
    mast: Team
    cin: Team
    early_help: Team
    social_worker: User
    early_help_worker: User
    screener: User
    mast_manager: User
    cin_manager: User
    caldicott: User
    info_lead: User


@dataclass
class Setup:
    north: Authority
    south: Authority
    health: Organisation
    health_visitor: User
    health_team: Team
    extra: dict = field(default_factory=dict)


def build_authority(key: str) -> Authority:
    org = OrganisationFactory(name=f"{key.capitalize()} Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    mast = TeamFactory(organisation=org, name="MAST", kind=Team.Kind.MAST)
    cin = TeamFactory(organisation=org, name="Children in Need", kind=Team.Kind.CHILD_IN_NEED)
    early_help = TeamFactory(organisation=org, name="Early help", kind=Team.Kind.EARLY_HELP)

    def user(name: str, role: str, team: Team | None, manager: bool = False) -> User:
        u = UserFactory(username=f"{key}.{name}", organisation=org, roles=[role])
        if team:
            join(u, team, manager=manager)
        return u

    return Authority(
        org=org,
        mast=mast,
        cin=cin,
        early_help=early_help,
        social_worker=user("socialworker", Role.PRACTITIONER, cin),
        early_help_worker=user("earlyhelp", Role.PRACTITIONER, early_help),
        screener=user("screener", Role.MAST_SCREENER, mast),
        mast_manager=user("mastmanager", Role.TEAM_MANAGER, mast, manager=True),
        cin_manager=user("cinmanager", Role.TEAM_MANAGER, cin, manager=True),
        caldicott=user("caldicott", Role.CALDICOTT_GUARDIAN, None),
        info_lead=user("infolead", Role.LEAD_INFORMATION_OFFICER, None),
    )


def build_setup() -> Setup:
    north = build_authority("north")
    south = build_authority("south")
    health = OrganisationFactory(name="Health Trust", kind=Organisation.Kind.HEALTH, serves_area=north.org)
    health_team = TeamFactory(organisation=health, name="Health visiting", kind=Team.Kind.HEALTH_VISITING)
    health_visitor = UserFactory(username="health.visitor", organisation=health, roles=[Role.PRACTITIONER])
    join(health_visitor, health_team)
    return Setup(north=north, south=south, health=health, health_visitor=health_visitor, health_team=health_team)
