"""Demo referrals and alerts for `manage.py seed_demo`: a referral in every state, an overdue one
that has been escalated, and alerts to MAST. Everything is made through the services, as a person
would make it, so consent records, sharing decisions, clocks and permissions are all real.

Idempotent: each demo referral has a fixed creation key and each alert a fixed text, so running the
seeder again adds nothing.
"""

import uuid
from datetime import timedelta

from django.utils import timezone

from portal.demo import DemoWorld
from portal.history import save
from portal.models import Child, Relationship, User
from portal.services import PersonDetails, RelationshipDetails
from referrals import clocks, services
from referrals.models import ConcernCategory, MastAlert, MastReferral, Outcome, Urgency
from sharing.models import ConsentRecord, InformationCategory
from sharing.rules import may_decide_for_themselves

NAMESPACE = uuid.UUID("6f1d8a52-3c0e-4f61-9b7a-2a4d5c8e9f10")

CONCERNS = {
    "neglect": (
        [ConcernCategory.NEGLECT],
        "On three home visits in four weeks the baby weighed less each time. The kitchen had no food, "
        "and the mother said the electricity had been cut off.",
        "I think the baby is failing to thrive because of neglect, and may be at risk of significant harm.",
    ),
    "injury": (
        [ConcernCategory.PHYSICAL_ABUSE],
        "The child arrived at school with bruising to both upper arms in the shape of fingertips. "
        "The child said 'Dad grabbed me' and then said they had fallen.",
        "The account changed and the bruising pattern suggests a non-accidental injury.",
    ),
    "domestic": (
        [ConcernCategory.DOMESTIC_ABUSE, ConcernCategory.EMOTIONAL_ABUSE],
        "Neighbours have called the police to the home twice this month after shouting and breaking glass. "
        "The child was present both times.",
        "The child is living with domestic abuse and is frightened at home.",
    ),
}


def _key(name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"referral:{name}")


def _fill(referral: MastReferral, actor: User, *, concern: str, consent: str) -> MastReferral:
    categories, facts, opinion = CONCERNS[concern]
    referral = services.referral_update(
        actor=actor,
        referral=referral,
        section="concern",
        changes={
            "concern_categories": [c.value for c in categories],
            "what_happened": facts,
            "referrer_view": opinion,
            "urgency": Urgency.URGENT if concern == "injury" else Urgency.STANDARD,
            "information_categories": [InformationCategory.IDENTITY, InformationCategory.FAMILY]
            + ([InformationCategory.HEALTH] if concern == "neglect" else []),
            "sharing_reasons": "MAST needs to see these worries to decide whether the child is safe.",
            "advice_from": "Our named nurse for safeguarding",
        },
    )
    told = consent != ConsentRecord.Status.NOT_SOUGHT
    referral = services.referral_update(
        actor=actor,
        referral=referral,
        section="family",
        changes={
            "child_views": "The child is too young to give their views."
            if concern == "neglect"
            else "They said they do not want to go home tonight.",
            "family_views": "The mother says she is coping and does not need help.",
            "family_told": told,
            "family_told_detail": "That I am worried and am sharing my concern with MAST." if told else "",
            "family_not_told_reason": "" if told else "would_increase_risk",
        },
    )
    parent = referral.child.relationships.filter(has_parental_responsibility=True).select_related("person").first()
    changes = {
        "consent_decision": consent,
        "consent_decided_on": timezone.localdate(),
        "consent_method": ConsentRecord.Method.VERBAL_IN_PERSON if told else "",
        "consent_not_sought_reason": "" if told else ConsentRecord.NotSoughtReason.CHILD_AT_RISK,
        "consent_explanation": {
            ConsentRecord.Status.NOT_SOUGHT: "The person we would ask is the person we are worried about.",
            ConsentRecord.Status.REFUSED: "I am referring without agreement: the bruising needs a safeguarding view.",
        }.get(consent, ""),
    }
    child = referral.child
    new_parent = None
    if parent is not None:
        changes |= {"consent_given_by": ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY, "consent_person": parent.person}
    elif child is not None and may_decide_for_themselves(child.date_of_birth, timezone.localdate()):
        changes |= {
            "consent_given_by": ConsentRecord.GivenBy.CHILD,
            "consent_person": None,
            "consent_capacity_reason": "They understand what a referral to MAST means and what refusing would mean.",
        }
    else:
        # Too young to decide for themselves: the parent with parental responsibility, named now.
        changes |= {"consent_given_by": ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY}
        new_parent = (
            PersonDetails(first_name="Sam", last_name=child.last_name if child is not None else "Parent"),
            RelationshipDetails(
                kind=Relationship.Kind.FATHER,
                has_parental_responsibility=True,
                source=Relationship.Source.FROM_PERSON,
                obtained_on=timezone.localdate(),
            ),
        )
    return services.referral_update(
        actor=actor, referral=referral, section="consent", changes=changes, new_consent_person=new_parent
    )


def _backdate(referral: MastReferral, *, days: int) -> None:
    """Make a sent referral look as if it was sent `days` ago, so its screening is overdue."""
    sent_at = timezone.now() - timedelta(days=days)
    due = clocks.screening_due(timezone.localdate(sent_at))
    referral.submitted_at = sent_at
    referral.screening_due = due
    save(referral, reason="Demo data: sent earlier")
    for screening in referral.screenings.all():
        screening.received_at = sent_at
        screening.due_on = due
        save(screening, reason="Demo data: sent earlier")


def _referral(world: DemoWorld, name: str, referrer: str, child: Child, plan: str) -> bool:
    actor = world.users[referrer]
    if MastReferral.objects.filter(creation_key=_key(name)).exists():
        # Made on an earlier run; the referrer may no longer work on the child it handed on.
        return False
    referral, created = services.referral_start(actor=actor, creation_key=_key(name), child=child)
    if not created:
        return False
    consent = {
        "draft": ConsentRecord.Status.GIVEN,
        "waiting": ConsentRecord.Status.GIVEN,
        "overdue": ConsentRecord.Status.NOT_SOUGHT,
        "in-screening": ConsentRecord.Status.REFUSED,
        "strategy": ConsentRecord.Status.NOT_SOUGHT,
        "early-help": ConsentRecord.Status.GIVEN,
        "no-further-action": ConsentRecord.Status.GIVEN,
        "passed": ConsentRecord.Status.GIVEN,
    }[name]
    concern = {"neglect": "neglect", "injury": "injury"}.get(plan, "domestic")
    if name == "draft":
        # A draft part-way through: the concern saved, the rest still to do.
        categories, facts, opinion = CONCERNS["neglect"]
        services.referral_update(
            actor=actor,
            referral=referral,
            section="concern",
            changes={"concern_categories": [c.value for c in categories], "what_happened": facts},
        )
        return True
    referral = _fill(referral, actor, concern=concern, consent=consent)
    referral = services.referral_submit(actor=actor, referral=referral)
    screener = world.users["north.screener"]
    if name == "overdue":
        _backdate(referral, days=7)
    if name in {"in-screening", "strategy", "early-help", "no-further-action", "passed"}:
        services.screening_start(actor=screener, referral=referral)
        services.screening_check_record(
            actor=screener,
            referral=referral,
            details=services.CheckDetails(
                agency="GP surgery",
                contact="Practice safeguarding lead",
                checked_on=timezone.localdate(),
                information="No safeguarding concerns on the GP record; last seen for immunisations.",
            ),
        )
    outcomes = {
        "strategy": (
            Outcome.STRATEGY_DISCUSSION,
            "Reasonable cause to suspect significant harm: a strategy discussion with police and health today.",
        ),
        "early-help": (Outcome.EARLY_HELP, "Needs met by an early help assessment with the family's agreement."),
        "no-further-action": (Outcome.NO_FURTHER_ACTION, "Checks show the injury was explained and treated."),
        "passed": (Outcome.PASSED_TO_ANOTHER_AUTHORITY, "The family moved to Southvale last week."),
    }
    if name in outcomes:
        outcome, reasons = outcomes[name]
        services.screening_outcome_record(
            actor=screener,
            referral=referral,
            outcome=outcome,
            reasons=reasons,
            passed_to=world.orgs["south"] if outcome == Outcome.PASSED_TO_ANOTHER_AUTHORITY else None,
        )
    return True


def _alerts(world: DemoWorld) -> int:
    made = 0
    police = world.users["police.officer"]
    moved_in = (
        "Officers attending a neighbour dispute learned the family moved here from Westshire in the summer; "
        "the children were on a Child in Need plan there."
    )
    if not MastAlert.objects.filter(raised_by=police, what_is_known=moved_in).exists():
        alert = services.alert_raise(
            actor=police,
            details=services.AlertDetails(
                kind=MastAlert.Kind.CIN_MOVED_IN,
                authority=world.orgs["north"],
                child_first_name="Robin",
                child_last_name="Newcombe",
                current_address="4 Harbour Lane\nNorthshire",
                previous_area="Westshire County Council",
                what_is_known=moved_in,
            ),
        )
        services.alert_acknowledge(actor=world.users["north.screener"], alert=alert)
        made += 1
    social_worker = world.users["south.socialworker"]
    gone = "The family left their tenancy overnight; the school and GP have not seen them since."
    children = world.children_of("south.socialworker")
    if children and not MastAlert.objects.filter(raised_by=social_worker, what_is_known=gone).exists():
        services.alert_raise(
            actor=social_worker,
            details=services.AlertDetails(
                kind=MastAlert.Kind.WHEREABOUTS_UNKNOWN,
                authority=world.orgs["north"],
                child=children[0],
                previous_area="Southvale",
                what_is_known=gone,
                risk_assessment="Child in Need plan for neglect; a relative in Northshire may be housing them. "
                "The risk of harm increases without support: alert issued after a risk assessment.",
            ),
        )
        made += 1
    return made


def seed(world: DemoWorld) -> str:
    health = world.children_of("health.visitor")
    school = world.children_of("school.teacher")
    plans = [
        ("draft", "health.visitor", health[0], "neglect"),
        ("waiting", "school.teacher", school[0], "injury"),
        ("overdue", "health.visitor", health[1], "neglect"),
        ("in-screening", "school.teacher", school[1], "domestic"),
        ("strategy", "health.visitor", health[2], "neglect"),
        ("early-help", "school.teacher", school[2], "domestic"),
        ("no-further-action", "health.visitor", health[3], "injury"),
        ("passed", "school.teacher", school[3], "domestic"),
    ]
    made = sum(_referral(world, name, referrer, child, plan) for name, referrer, child, plan in plans)
    alerts = _alerts(world)
    escalations = services.screening_escalate_overdue(today=timezone.localdate())
    return f"MAST referrals: {made} referral(s) and {alerts} alert(s) added; overdue screening: {escalations}"
