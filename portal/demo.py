"""Demo data for `manage.py seed_demo`: fictional organisations, people and children.

Idempotent: everything is looked up by a natural key before it is created, so running it twice
changes nothing. Every child and person here is invented; NHS numbers are in the synthetic
999 range, which is never issued to a real patient.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.module_loading import import_string
from nhs_number import calculate_checksum

from portal import extensions, services
from portal.models import Child, Organisation, Relationship, Role, Team, User

DEMO_PASSWORD = "safeguarding-demo-2026"

AUTHORITIES = [("north", "Northshire County Council"), ("south", "Southvale City Council")]

FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Daniel",
    "Ella",
    "Finn",
    "Grace",
    "Harvey",
    "Isla",
    "Jack",
    "Kai",
    "Lily",
    "Mason",
    "Nia",
    "Oscar",
    "Poppy",
    "Reuben",
    "Sofia",
    "Theo",
    "Zara",
]
LAST_NAMES = ["Adeyemi", "Brown", "Carter", "Davies", "Evans", "Fletcher", "Green", "Hussain", "Iqbal", "Jones"]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    job_title: str
    organisation: str
    role: str
    team: str | None
    manager: bool = False


def synthetic_nhs_number(n: int) -> str:
    """The n-th valid NHS number in the synthetic 999 range."""
    base = 999_000_000 + n
    while True:
        digits = str(base)
        check = calculate_checksum(digits)
        if check is not None and check < 10:
            return f"{digits}{check}"
        base += 1


def _organisations() -> dict[str, Organisation]:
    orgs: dict[str, Organisation] = {}
    for key, name in AUTHORITIES:
        orgs[key], _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": Organisation.Kind.LOCAL_AUTHORITY, "email": f"mast@{key}.example"}
        )
    north = orgs["north"]
    for key, name, kind in [
        ("health", "Northshire Community Health NHS Trust", Organisation.Kind.HEALTH),
        ("police", "Northshire Police", Organisation.Kind.POLICE),
        ("school", "Riverside Primary School", Organisation.Kind.EDUCATION),
    ]:
        orgs[key], _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "serves_area": north})
    return orgs


def _teams(orgs: dict[str, Organisation]) -> dict[str, Team]:
    specs = []
    for key, _ in AUTHORITIES:
        specs += [
            (f"{key}-mast", key, "MAST", Team.Kind.MAST),
            (f"{key}-cin", key, "Children in Need team", Team.Kind.CHILD_IN_NEED),
            (f"{key}-early-help", key, "Early help team", Team.Kind.EARLY_HELP),
            (f"{key}-ig", key, "Information governance", Team.Kind.INFORMATION_GOVERNANCE),
        ]
    specs += [
        ("health-visiting", "health", "Health visiting team", Team.Kind.HEALTH_VISITING),
        ("police-safeguarding", "police", "Public protection unit", Team.Kind.POLICE_SAFEGUARDING),
        ("school-safeguarding", "school", "Safeguarding team", Team.Kind.SCHOOL_SAFEGUARDING),
        # --- issue 16: north's Child Exploitation team (reached through MAST) ---
        ("north-ce", "north", "Child Exploitation team", Team.Kind.CHILD_EXPLOITATION),
    ]
    teams = {}
    for key, org_key, name, kind in specs:
        team = Team.objects.filter(organisation=orgs[org_key], name=name).first()
        if team is None:
            team = Team(organisation=orgs[org_key], name=name, kind=kind)
            team.save()
        teams[key] = team
    return teams


def demo_users() -> list[DemoUser]:
    users: list[DemoUser] = []
    for key, _ in AUTHORITIES:
        place = key.capitalize()
        users += [
            DemoUser(
                f"{key}.socialworker", "Sam", f"{place}worker", "Social worker", key, Role.PRACTITIONER, f"{key}-cin"
            ),
            DemoUser(
                f"{key}.earlyhelp",
                "Erin",
                f"{place}help",
                "Early help worker",
                key,
                Role.PRACTITIONER,
                f"{key}-early-help",
            ),
            DemoUser(
                f"{key}.screener", "Mo", f"{place}screen", "MAST screener", key, Role.MAST_SCREENER, f"{key}-mast"
            ),
            DemoUser(
                f"{key}.mastmanager",
                "Maya",
                f"{place}mast",
                "MAST team manager",
                key,
                Role.TEAM_MANAGER,
                f"{key}-mast",
                True,
            ),
            DemoUser(
                f"{key}.cinmanager",
                "Chris",
                f"{place}lead",
                "Children in Need team manager",
                key,
                Role.TEAM_MANAGER,
                f"{key}-cin",
                True,
            ),
            DemoUser(
                f"{key}.ehmanager",
                "Eve",
                f"{place}ehlead",
                "Early help team manager",
                key,
                Role.TEAM_MANAGER,
                f"{key}-early-help",
                True,
            ),
            DemoUser(
                f"{key}.caldicott",
                "Cal",
                f"{place}guardian",
                "Caldicott Guardian",
                key,
                Role.CALDICOTT_GUARDIAN,
                f"{key}-ig",
            ),
            DemoUser(
                f"{key}.infolead",
                "Lee",
                f"{place}info",
                "Lead information officer",
                key,
                Role.LEAD_INFORMATION_OFFICER,
                f"{key}-ig",
            ),
        ]
    users += [
        DemoUser("health.visitor", "Hana", "Visitor", "Health visitor", "health", Role.PRACTITIONER, "health-visiting"),
        DemoUser(
            "health.caldicott", "Harriet", "Guardian", "Caldicott Guardian", "health", Role.CALDICOTT_GUARDIAN, None
        ),
        DemoUser(
            "police.officer", "Pat", "Constable", "Police officer", "police", Role.PRACTITIONER, "police-safeguarding"
        ),
        DemoUser(
            "school.teacher",
            "Tess",
            "Teacher",
            "Designated safeguarding lead",
            "school",
            Role.PRACTITIONER,
            "school-safeguarding",
        ),
    ]
    # --- issue 16: north's Child Exploitation team: a manager and a worker ---
    users += [
        DemoUser(
            "north.cemanager",
            "Kai",
            "Northce",
            "Child Exploitation team manager",
            "north",
            Role.CHILD_EXPLOITATION,
            "north-ce",
            True,
        ),
        DemoUser(
            "north.ceworker",
            "Ola",
            "Northceworker",
            "Child exploitation worker",
            "north",
            Role.CHILD_EXPLOITATION,
            "north-ce",
        ),
    ]
    return users


def _users(orgs, teams) -> dict[str, User]:
    created = {}
    for spec in demo_users():
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.username}@portal.example",
                job_title=spec.job_title,
                organisation=orgs[spec.organisation],
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=spec.role))
        if spec.team:
            services.team_membership_add(actor=None, team=teams[spec.team], user=user, is_manager=spec.manager)
        created[spec.username] = user
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin", "admin@portal.example", DEMO_PASSWORD, first_name="Portal", last_name="Administrator"
        )
    return created


# (worker, team, authority, tier): each worker is allocated `_CHILDREN_EACH` children, in this order.
_CHILDREN_PLAN = [
    ("north.socialworker", "north-cin", "north", 4),
    ("north.earlyhelp", "north-early-help", "north", 3),
    ("south.socialworker", "south-cin", "south", 4),
    ("south.earlyhelp", "south-early-help", "south", 3),
    ("health.visitor", "health-visiting", "north", 2),
    ("school.teacher", "school-safeguarding", "north", 2),
]
_CHILDREN_EACH = 4


def _planned_nhs_numbers(worker_name: str) -> list[str]:
    """The NHS numbers of the children first allocated to this worker (stable across runs)."""
    numbers = []
    n = 0
    for name, *_ in _CHILDREN_PLAN:
        for _i in range(_CHILDREN_EACH):
            n += 1
            if name == worker_name:
                numbers.append(synthetic_nhs_number(n * 7))
    return numbers


def _children(orgs, teams, users) -> int:
    made = 0
    today = date.today()
    n = 0
    for worker_name, team_key, la_key, tier in _CHILDREN_PLAN:
        for i in range(_CHILDREN_EACH):
            n += 1
            nhs = synthetic_nhs_number(n * 7)
            if Child.objects.filter(nhs_number=nhs).exists():
                continue
            details = services.ChildDetails(
                first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(n * 3) % len(LAST_NAMES)],
                date_of_birth=today - timedelta(days=365 * (1 + (n % 15)) + n * 11),
                nhs_number=nhs,
                address=f"{10 + n} Example Road\n{orgs[la_key].name.split()[0]}",
                postcode=f"ZZ{n % 9 + 1} {n % 9 + 1}AA",
                local_authority=orgs[la_key],
                tier=tier,
            )
            child = services.child_create(actor=users[worker_name], details=details, team=teams[team_key])
            made += 1
            if i == 0:
                services.person_add_to_child(
                    actor=users[worker_name],
                    child=child,
                    person=services.PersonDetails(first_name="Jordan", last_name=details.last_name),
                    relationship=services.RelationshipDetails(
                        kind=Relationship.Kind.MOTHER, has_parental_responsibility=True, lives_with_child=True
                    ),
                )
                services.person_add_to_child(
                    actor=users[worker_name],
                    child=child,
                    person=services.PersonDetails(first_name="Alex", last_name="Visitor"),
                    relationship=services.RelationshipDetails(
                        kind=Relationship.Kind.SIGNIFICANT_OTHER,
                        source=Relationship.Source.THIRD_PARTY,
                        obtained_on=today - timedelta(days=20),
                    ),
                )
    return made


@dataclass
class DemoWorld:
    """What the core's demo data made, handed to each app's demo seeder.

    orgs: "north", "south", "health", "police", "school"; teams: "north-mast", "north-cin",
    "north-early-help", "north-ig" (and south-...), "health-visiting", "police-safeguarding",
    "school-safeguarding"; users by username (see demo_users()).
    """

    orgs: dict[str, Organisation]
    teams: dict[str, Team]
    users: dict[str, User]

    def children_of(self, username: str) -> list[Child]:
        """The children first allocated to this worker. By what was planned, not by who holds them
        now: a workflow the demo ran (a screening outcome handing a child on, say) may have moved
        one, and seeding again must pick the same children."""
        return list(Child.objects.filter(nhs_number__in=_planned_nhs_numbers(username)).order_by("pk"))


@transaction.atomic
def seed_demo() -> dict:
    orgs = _organisations()
    teams = _teams(orgs)
    users = _users(orgs, teams)
    children = _children(orgs, teams, users)
    world = DemoWorld(orgs=orgs, teams=teams, users=users)
    workflows = [str(import_string(path)(world)) for path in extensions.demo_seeders()]
    return {
        "organisations": len(orgs),
        "teams": len(teams),
        "users": len(users),
        "children_created": children,
        "workflows": workflows,
    }
