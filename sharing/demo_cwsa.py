"""Demo cases of the Children's Wellbeing and Schools Act 2026 and the Data (Use and Access) Act 2025
in use (issue 16): a share under the duty to share relying on the recognised legitimate interest
"safeguarding vulnerable individuals", each item marked fact or opinion; a decision not to share
because sharing would be more detrimental to the child, waiting for the Caldicott Guardian's review;
shares without the NHS number (and why) for the report; and a decision at "you can share" for the
practitioner to finish. The workflows' own demo cases carry the children's NHS numbers.

Idempotent: looked up by the "Demo (2026 Act):" request before anything is made. When the duties
have not commenced (PORTAL_CWSA_2026_COMMENCEMENT is later than today), nothing is made."""

from datetime import date, timedelta

from django.utils import timezone

from portal import services as core
from sharing import law, rules, services
from sharing.models import LawfulBasis, LegalGateway, Purpose, SharingDecision

PREFIX = "Demo (2026 Act):"
SHARE_ANSWERS = {"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"}


def _request(detail: str, *, org, name: str) -> services.SharingRequest:
    return services.SharingRequest(
        requested_by=f"{PREFIX} {detail}"[:200],
        purpose=Purpose.SAFEGUARDING,
        purpose_detail=detail,
        recipient_organisation=org,
        recipient_name=name,
    )


def _shared(today: date, **overrides) -> services.SharedDetails:
    values = {
        "categories": ["identity", "family"],
        "summary_facts": "",
        "summary_opinion": "",
        "items": (
            rules.SharedItem(text="Seen with a new adult at the school gate 3 times.", nature="fact"),
            rules.SharedItem(text="The family moved to a new address last month.", nature="fact"),
            rules.SharedItem(text="The teacher believes the child is frightened of the adult.", nature="opinion"),
        ),
        "method": "secure_email",
        "shared_on": today,
        "article_6_basis": LawfulBasis.objects.get(code=rules.ARTICLE_6_RECOGNISED_SAFEGUARDING),
        "legal_gateway": LegalGateway.objects.get(name="Children Act 2004 s11"),
        "individual_told": False,
        "not_told_reason": "would_increase_risk",
    }
    values.update(overrides)
    return services.SharedDetails(**values)


def seed(world) -> str:
    if not law.cwsa_in_force():
        return "Sharing (2026 Act): the duties have not commenced yet; nothing to show"
    if SharingDecision.objects.filter(requested_by__startswith=PREFIX).exists():
        return "Sharing (2026 Act): demo decisions already present"
    today = timezone.localdate()
    worker = world.users["north.socialworker"]
    children = world.children_of("north.socialworker")
    police = world.orgs["police"]

    services.sharing_decision_record(
        actor=worker,
        child=children[-1],
        request=_request("Police asked about an adult seen with the child", org=police, name="PC Constable"),
        answers=SHARE_ANSWERS,
        reasons="The duty to share applies: the information is relevant to the child's safeguarding.",
        shared=_shared(today),
    )
    services.sharing_decision_record(
        actor=worker,
        child=children[1],
        request=_request("Police asked about the family's new address", org=police, name="PC Constable"),
        answers=SHARE_ANSWERS,
        reasons="The duty to share applies; the NHS number is left out.",
        shared=_shared(
            today,
            identifier=rules.ConsistentIdentifier(
                omitted_reason=rules.MORE_DETRIMENTAL,
                explanation="The record the police keep is seen by the father, who could trace the child by it.",
            ),
        ),
    )
    newborn = core.child_create(
        actor=worker,
        details=core.ChildDetails(
            first_name="Baby",
            last_name="Newarrival",
            date_of_birth=today - timedelta(days=2),
            local_authority=world.orgs["north"],
            tier=4,
        ),
        team=world.teams["north-cin"],
    )
    services.sharing_decision_record(
        actor=worker,
        child=newborn,
        request=_request(
            "The midwife needs to know of the concerns before discharge", org=world.orgs["health"], name="Hana Visitor"
        ),
        answers=SHARE_ANSWERS,
        reasons="The duty to share applies: the baby leaves hospital today.",
        shared=_shared(
            today,
            identifier=rules.ConsistentIdentifier(
                omitted_reason=rules.UNKNOWN_UNREASONABLE_DELAY,
                explanation="The baby's NHS number is not issued yet; waiting would delay the discharge planning.",
            ),
        ),
    )
    withheld = services.sharing_decision_start(
        actor=worker,
        child=children[2],
        request=_request(
            "A solicitor acting for the father asked for the school's address", org=police, name="Duty sergeant"
        ),
    )
    for question, answer in SHARE_ANSWERS.items():
        withheld = services.sharing_decision_answer(actor=worker, decision=withheld, question=question, answer=answer)
    services.sharing_decision_complete(
        actor=worker,
        decision=withheld,
        reasons="Sharing would let the father find the child, who is in a refuge with her mother.",
        withhold_as_more_detrimental=True,
    )
    to_finish = services.sharing_decision_start(
        actor=worker,
        child=children[-1],
        request=_request(
            "The school nurse asked for the child's health plan", org=world.orgs["health"], name="Hana Visitor"
        ),
    )
    for question, answer in SHARE_ANSWERS.items():
        to_finish = services.sharing_decision_answer(actor=worker, decision=to_finish, question=question, answer=answer)
    return (
        "Sharing (2026 Act): 3 shares under the duty to share (items fact or opinion; 2 without the NHS number), "
        "1 not shared as more detrimental (Caldicott review open), 1 decision ready to finish"
    )
