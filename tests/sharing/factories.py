from datetime import date

from portal import selectors as core_selectors
from portal import services as core
from portal.models import Relationship
from sharing import services
from sharing.models import ConsentRecord, LawfulBasis, Purpose, SharingAgreement, SharingDecision
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
            categories=["identity", "family", "health"],
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


def sharing_request(organisation, user=None, purpose=Purpose.SAFEGUARDING) -> services.SharingRequest:
    """A school asks to share with `organisation` (its person `user`, if they use the portal)."""
    return services.SharingRequest(
        requested_by="School safeguarding lead",
        purpose=purpose,
        purpose_detail="To plan support at school",
        recipient_organisation=organisation,
        recipient_name=str(user) if user else "Duty officer",
        recipient_user=user,
    )


def health_request(setup, user=None) -> services.SharingRequest:
    """The health visitor asks, for the health organisation."""
    return services.SharingRequest(
        requested_by="Health visitor",
        purpose=Purpose.SAFEGUARDING,
        purpose_detail="Plan visits",
        recipient_organisation=setup.health,
        recipient_name="Hana Visitor",
        recipient_user=user,
    )


def record_decision(setup, child, answers=None, recipient=None, **kwargs) -> SharingDecision:
    """A completed decision by the north social worker (to share, unless `share=False`), with the
    health organisation (its portal user `recipient`, if named)."""
    answers = answers or {"purpose": "yes", "consent": "no", "identifiable": "no"}
    shared = shared_details() if kwargs.pop("share", True) else None
    return services.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=health_request(setup, recipient),
        answers=answers,
        reasons="Reasons recorded",
        shared=shared,
        **kwargs,
    )


def share_with_consent(setup, child, consent, *, article_6="6(1)(a)") -> SharingDecision:
    return services.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=sharing_request(setup.health, setup.health_visitor),
        answers={"purpose": "yes", "consent": "yes"},
        consent=consent,
        reasons="Mother agreed; the health visitor needs to know to plan visits.",
        shared=shared_details(article_6_basis=basis(article_6)),
    )


def grant_view(setup, child) -> None:
    """The health visitor may read the child's record (as a referral would give)."""
    core.child_access_grant(child=child, basis="referral", level="view", user=setup.health_visitor)


def can_see(user, child) -> bool:
    """The user may open the child's record."""
    return core_selectors.child_list_for_user(user=user).filter(pk=child.pk).exists()


def sees_shared(user, child) -> bool:
    """The user may read what was shared with them about the child (a disclosure), and no more."""
    from sharing import selectors

    return selectors.disclosure_list_for_user(user=user).filter(child=child).exists() and not can_see(user, child)


def add_significant_other(setup, child, obtained_on):
    """A person whose details came from a third party: they are owed privacy information."""
    return core.person_add_to_child(
        actor=setup.north.social_worker,
        child=child,
        person=core.PersonDetails(first_name="Alex", last_name="Visitor"),
        relationship=core.RelationshipDetails(kind="significant_other", source="third_party", obtained_on=obtained_on),
    )


def agreement_with(setup, parties, agreement=None) -> SharingAgreement:
    """An agreement recorded (or, given `agreement`, changed) to have these parties."""
    return services.agreement_save(
        actor=setup.north.info_lead,
        agreement=agreement,
        details=services.AgreementDetails(
            tier="2",
            title="Early help protocol",
            purpose="Support for families",
            starts_on=date(2025, 1, 1),
            review_on=date(2027, 1, 1),
            parties=list(parties),
        ),
    )
