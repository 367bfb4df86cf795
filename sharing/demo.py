"""Demo cases for information governance (see portal.extensions.register_demo_seeder).

Idempotent: each case is looked up by what makes it recognisable before it is created.
"""

from datetime import date, timedelta

from django.utils import timezone

from portal import services as core
from portal.models import Relationship
from sharing import services
from sharing.models import ConsentRecord, LawfulBasis, LegalGateway, Purpose, SharingAgreement, SharingDecision
from sharing.rules import may_decide_for_themselves


def _basis(code: str) -> LawfulBasis:
    return LawfulBasis.objects.get(code=code)


def _shared(**overrides) -> services.SharedDetails:
    values = {
        "categories": ["identity", "family", "social_care"],
        "summary_facts": "The family moved on 1 November. The child attends Riverside Primary.",
        "summary_opinion": "The social worker thinks the move may unsettle the child.",
        "method": "secure_email",
        "shared_on": timezone.localdate(),
        "article_6_basis": _basis("6(1)(e)"),
        "schedule_1_condition": _basis("DPA 2018 Sch 1 para 18"),
        "legal_gateway": LegalGateway.objects.get(name="Children Act 2004 s11"),
        "individual_told": True,
    }
    values.update(overrides)
    return services.SharedDetails(**values)


def seed(world) -> str:
    if SharingDecision.objects.filter(requested_by__startswith="Demo:").exists():
        return "Sharing: demo decisions already present"
    today = timezone.localdate()
    worker = world.users["north.socialworker"]
    health = world.orgs["health"]
    children = world.children_of("north.socialworker")
    first, second, third = children[0], children[1], children[2]

    mother = Relationship.objects.filter(child=first, has_parental_responsibility=True).first().person
    consent = services.consent_record(
        actor=worker,
        child=first,
        details=services.ConsentDetails(
            given_by=ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY,
            given_by_person=mother,
            purpose=Purpose.SAFEGUARDING,
            status=ConsentRecord.Status.GIVEN,
            method=ConsentRecord.Method.IN_WRITING,
            decided_on=today - timedelta(days=14),
            recipients=[health, world.orgs["school"]],
            categories=["identity", "family", "health", "social_care"],
        ),
    )

    def request(detail: str, *, user=None, org=health, name="Hana Visitor") -> services.SharingRequest:
        return services.SharingRequest(
            requested_by=f"Demo: {detail}",
            purpose=Purpose.SAFEGUARDING,
            purpose_detail=detail,
            recipient_organisation=org,
            recipient_name=name,
            recipient_user=user,
        )

    services.sharing_decision_record(
        actor=worker,
        child=first,
        request=request("Health visitor planning home visits", user=world.users["health.visitor"]),
        answers={"purpose": "yes", "consent": "yes"},
        consent=consent,
        reasons="The mother agreed; the health visitor needs the new address to visit.",
        shared=_shared(article_6_basis=_basis("6(1)(a)")),
    )
    services.sharing_decision_record(
        actor=worker,
        child=second,
        request=request("A neighbour's landlord asked about the family", org=world.orgs["south"], name="Unknown"),
        answers={"purpose": "no", "consent": "no"},
        reasons="No legitimate purpose: a landlord's curiosity is not a reason to share.",
    )
    if may_decide_for_themselves(third.date_of_birth, today):
        who = {
            "given_by": ConsentRecord.GivenBy.CHILD,
            "capacity_reason": "They understand what would be shared, with whom and why, and what refusing means.",
        }
    else:
        # Too young to decide for themselves: the refusal is their parent's.
        parent = core.person_add_to_child(
            actor=worker,
            child=third,
            person=core.PersonDetails(first_name="Sam", last_name=third.last_name),
            relationship=core.RelationshipDetails(kind=Relationship.Kind.FATHER, has_parental_responsibility=True),
        ).person
        who = {"given_by": ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY, "given_by_person": parent}
    services.consent_record(
        actor=worker,
        child=third,
        details=services.ConsentDetails(
            **who,
            purpose=Purpose.SAFEGUARDING,
            status=ConsentRecord.Status.REFUSED,
            method=ConsentRecord.Method.VERBAL_IN_PERSON,
            decided_on=today - timedelta(days=3),
            explanation="I will share the child's whereabouts with the police without consent: they are at risk.",
        ),
    )
    services.sharing_decision_record(
        actor=worker,
        child=third,
        request=request("Police need the child's whereabouts", org=world.orgs["police"], name="PC Constable"),
        answers={"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"},
        reasons="A risk of significant harm outweighs the refusal.",
        shared=_shared(individual_told=False, not_told_reason="would_increase_risk"),
    )
    unsure = services.sharing_decision_start(
        actor=worker, child=second, request=request("School asks whether there are concerns at home")
    )
    unsure = services.sharing_decision_answer(actor=worker, decision=unsure, question="purpose", answer="unsure")
    services.sharing_decision_request_advice(
        actor=worker, decision=unsure, question="Is a school's general worry enough of a purpose to share?"
    )

    # A significant other whose details came from a third party six weeks ago: privacy overdue.
    core.person_add_to_child(
        actor=worker,
        child=second,
        person=core.PersonDetails(first_name="Lee", last_name="Frequentvisitor"),
        relationship=core.RelationshipDetails(
            kind=Relationship.Kind.SIGNIFICANT_OTHER,
            source=Relationship.Source.THIRD_PARTY,
            obtained_on=today - timedelta(days=45),
        ),
    )
    services.privacy_notice_send_reminders(today=today)
    services.privacy_notice_escalate_overdue(today=today)

    info_lead = world.users["north.infolead"]
    for tier, title, review_on in [
        (SharingAgreement.Tier.TIER_0, "Northshire partnership commitment to share", date(today.year + 1, 3, 31)),
        (SharingAgreement.Tier.TIER_2, "Early help information sharing protocol", today + timedelta(days=10)),
    ]:
        services.agreement_save(
            actor=info_lead,
            details=services.AgreementDetails(
                tier=tier,
                title=title,
                purpose="Sharing to support children and families across the partnership.",
                starts_on=date(today.year - 1, 4, 1),
                review_on=review_on,
                parties=[world.orgs["north"], health, world.orgs["police"], world.orgs["school"]],
            ),
        )
    return "Sharing: consent, 4 decisions (one awaiting advice), an overdue privacy notice, 2 agreements"
