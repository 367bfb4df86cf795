"""A demo family known to every workflow, so the whole picture can be seen (issue 7).

The Example-Family children share a mother: Mia is on a Child in Need plan and moving to
Southvale (a transfer the receiving authority is deciding), and her information was shared with
the health visitor; Noah was referred to MAST by the health visitor; Ivy is on an Early
Intervention plan. The health visitor can see all three. Noah's referral and Ivy's move out of area
are made by `referrals.family_demo` and `early_intervention.family_demo`, which run after this
(transfers imports neither app, DESIGN §3).
"""

from datetime import timedelta

from django.utils import timezone

from portal import services as core
from portal.demo import DemoWorld, synthetic_nhs_number
from portal.history import save
from portal.models import Child, Relationship, Tier
from sharing import services as sharing
from sharing.models import ConsentRecord, LawfulBasis, LegalGateway, Purpose
from transfers.demo import DemoTransfer, _make
from transfers.models import CinTransfer

SURNAME = "Example-Family"


def _child(world: DemoWorld, *, actor: str, team: str, first_name: str, tier: int, years: int, n: int) -> Child:
    return core.child_create(
        actor=world.users[actor],
        details=core.ChildDetails(
            first_name=first_name,
            last_name=SURNAME,
            date_of_birth=timezone.localdate() - timedelta(days=365 * years + 40),
            nhs_number=synthetic_nhs_number(900_000 + n),
            address="7 Family Row\nNorthshire",
            postcode="ZZ1 7FR",
            local_authority=world.orgs["north"],
            tier=tier,
        ),
        team=world.teams[team],
    )


def _link_mother(child: Child, mother, by) -> None:
    save(
        Relationship(
            child=child,
            person=mother,
            kind=Relationship.Kind.MOTHER,
            has_parental_responsibility=True,
            lives_with_child=True,
            recorded_by=by,
        ),
        reason="Relationship recorded",
        by=by,
    )


def seed(world: DemoWorld) -> str:
    if Child.objects.filter(last_name=SURNAME).exists():
        return "Family: the Example-Family children already present"
    today = timezone.localdate()
    worker, visitor, early_help = (world.users[u] for u in ("north.socialworker", "health.visitor", "north.earlyhelp"))

    mia = _child(
        world, actor="north.socialworker", team="north-cin", first_name="Mia", tier=Tier.CHILD_IN_NEED, years=9, n=1
    )
    mother = core.person_add_to_child(
        actor=worker,
        child=mia,
        person=core.PersonDetails(first_name="Dana", last_name=SURNAME, phone="01632 960 123"),
        relationship=core.RelationshipDetails(
            kind=Relationship.Kind.MOTHER, has_parental_responsibility=True, lives_with_child=True
        ),
    ).person
    noah = _child(
        world,
        actor="health.visitor",
        team="health-visiting",
        first_name="Noah",
        tier=Tier.CHILD_PROTECTION,
        years=1,
        n=2,
    )
    _link_mother(noah, mother, visitor)
    ivy = _child(
        world,
        actor="north.earlyhelp",
        team="north-early-help",
        first_name="Ivy",
        tier=Tier.EARLY_INTERVENTION,
        years=5,
        n=3,
    )
    _link_mother(ivy, mother, early_help)

    # Mia: consent from her mother, the health visitor told, and a transfer being decided.
    consent = sharing.consent_record(
        actor=worker,
        child=mia,
        details=sharing.ConsentDetails(
            given_by=ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY,
            given_by_person=mother,
            purpose=Purpose.SAFEGUARDING,
            status=ConsentRecord.Status.GIVEN,
            method=ConsentRecord.Method.IN_WRITING,
            decided_on=today - timedelta(days=30),
            recipients=[world.orgs["health"]],
            categories=["identity", "family"],
        ),
    )
    sharing.sharing_decision_record(
        actor=worker,
        child=mia,
        request=sharing.SharingRequest(
            requested_by="Health visiting team",
            purpose=Purpose.SAFEGUARDING,
            purpose_detail="To plan visits to the baby and support the family",
            recipient_organisation=world.orgs["health"],
            recipient_name=str(visitor),
            recipient_user=visitor,
        ),
        answers={"purpose": "yes", "consent": "yes"},
        consent=consent,
        reasons="The mother agreed; the health visitor supports the whole household.",
        shared=sharing.SharedDetails(
            categories=["identity", "family"],
            summary_facts="Mia is on a Child in Need plan; the family may move to Southvale.",
            summary_opinion="",
            method="secure_portal",
            shared_on=today - timedelta(days=29),
            article_6_basis=LawfulBasis.objects.get(code="6(1)(a)"),
            legal_gateway=LegalGateway.objects.get(name="Children Act 2004 s10"),
            individual_told=True,
        ),
    )
    _make(world, DemoTransfer("family", "Mia", SURNAME, "north", CinTransfer.State.REFERRED, 4), mia, today)
    return "Family: the Example-Family children, known to every workflow"
