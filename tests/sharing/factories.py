from datetime import date

from portal.models import Relationship
from sharing import services
from sharing.models import ConsentRecord, LawfulBasis, Purpose
from tests.factories import PersonFactory, relate


def give_consent(*, actor, child, recipients, purpose=Purpose.SAFEGUARDING, decided_on=None) -> ConsentRecord:
    parent = PersonFactory()
    relate(child, parent, Relationship.Kind.MOTHER, has_parental_responsibility=True)
    return services.consent_record(
        actor=actor,
        child=child,
        details=services.ConsentDetails(
            given_by=ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY,
            given_by_person=parent,
            purpose=purpose,
            status=ConsentRecord.Status.GIVEN,
            method=ConsentRecord.Method.IN_WRITING,
            decided_on=decided_on or date.today(),
            recipients=list(recipients),
            categories=["identity", "health"],
        ),
    )


def basis(code: str) -> LawfulBasis:
    return LawfulBasis.objects.get(code=code)


def shared_details(**overrides) -> services.SharedDetails:
    values = {
        "categories": ["identity", "family"],
        "summary_facts": "Attendance has fallen to 60% this term.",
        "summary_opinion": "The teacher is worried about neglect.",
        "method": "secure_email",
        "shared_on": date.today(),
        "article_6_basis": basis("6(1)(e)"),
        "individual_told": True,
        "legal_gateway": None,
    }
    values.update(overrides)
    return services.SharedDetails(**values)
