"""Referrals made through the services, exactly as the pages make them."""

import uuid
from datetime import date

from django.utils import timezone

from portal.models import Relationship
from portal.services import PersonDetails, RelationshipDetails
from referrals import services
from referrals.models import ConcernCategory, MastAlert, MastReferral, Outcome, Urgency
from tests.factories import make_child

FACTS = "On 3 November the baby had a bruise on the left cheek; the mother said the baby rolled off the sofa."
OPINION = "A baby of this age cannot roll; I think the injury may be non-accidental."


def health_child(setup, **details):
    """A child the health visitor works on, living in the north authority."""
    return make_child(worker=setup.health_visitor, team=setup.health_team, local_authority=setup.north.org, **details)


def start(actor, child=None) -> MastReferral:
    referral, _ = services.referral_start(actor=actor, creation_key=uuid.uuid4(), child=child)
    return referral


REFUSED_REASONS = "I am referring although the mother refused: the injury needs a safeguarding view today."
SHARING_REASONS = "MAST must see the bruising and my worries today to decide whether the baby is safe."

CONCERN = {
    "concern_categories": [ConcernCategory.PHYSICAL_ABUSE.value],
    "what_happened": FACTS,
    "referrer_view": OPINION,
    "urgency": Urgency.URGENT,
    "information_categories": ["identity", "family", "health"],
    "sharing_reasons": SHARING_REASONS,
    "advice_from": "Named nurse for safeguarding",
}
FAMILY_NOT_TOLD = {
    "child_views": "The baby is too young to give views.",
    "family_views": "Not asked: asking would put the baby at risk.",
    "family_told": False,
    "family_told_detail": "",
    "family_not_told_reason": "would_increase_risk",
}
FAMILY_TOLD = {
    "child_views": "The baby is too young to give views.",
    "family_views": "The mother accepts she needs help.",
    "family_told": True,
    "family_told_detail": "That I am sharing my worries with MAST.",
    "family_not_told_reason": "",
}


def fill(referral: MastReferral, actor, *, consent: str = "not_sought", **overrides) -> MastReferral:
    """Answer every section. Consent: "given" / "refused" (by a new mother with parental
    responsibility) or "not_sought" (child at increased risk)."""
    concern = {**CONCERN, **overrides.pop("concern", {})}
    referral = services.referral_update(actor=actor, referral=referral, section="concern", changes=concern)
    family = FAMILY_NOT_TOLD if consent == "not_sought" else FAMILY_TOLD
    referral = services.referral_update(
        actor=actor, referral=referral, section="family", changes={**family, **overrides.pop("family", {})}
    )
    changes = {
        "consent_decision": consent,
        "consent_decided_on": timezone.localdate(),
        "consent_given_by": "parental_responsibility",
        "consent_method": "" if consent == "not_sought" else "verbal_in_person",
        "consent_not_sought_reason": "child_at_risk" if consent == "not_sought" else "",
        "consent_explanation": {
            "not_sought": "The mother's partner is the person we are worried about.",
            "refused": REFUSED_REASONS,
        }.get(consent, ""),
    }
    changes.update(overrides.pop("consent", {}))
    return services.referral_update(
        actor=actor,
        referral=referral,
        section="consent",
        changes=changes,
        new_consent_person=(
            PersonDetails(first_name="Jo", last_name="Parent"),
            RelationshipDetails(
                kind=Relationship.Kind.MOTHER,
                has_parental_responsibility=True,
                source=Relationship.Source.FROM_PERSON,
                obtained_on=date.today(),
            ),
        ),
    )


def sent(setup, *, referrer=None, child=None, consent: str = "not_sought", **overrides) -> MastReferral:
    referrer = referrer or setup.health_visitor
    child = child or health_child(setup)
    referral = fill(start(referrer, child), referrer, consent=consent, **overrides)
    return services.referral_submit(actor=referrer, referral=referral)


def screened(setup, referral, *, outcome=Outcome.STRATEGY_DISCUSSION, screener=None, passed_to=None):
    screener = screener or setup.north.screener
    services.screening_start(actor=screener, referral=referral)
    return services.screening_outcome_record(
        actor=screener, referral=referral, outcome=outcome, reasons="Significant harm suspected.", passed_to=passed_to
    )


def alert(setup, *, actor=None, **overrides) -> MastAlert:
    values = {
        "kind": MastAlert.Kind.CIN_MOVED_IN,
        "authority": setup.north.org,
        "child_first_name": "Robin",
        "child_last_name": "Newcombe",
        "what_is_known": "The family moved here from Westshire; the children were on a Child in Need plan.",
    }
    values.update(overrides)
    return services.alert_raise(actor=actor or setup.health_visitor, details=services.AlertDetails(**values))
