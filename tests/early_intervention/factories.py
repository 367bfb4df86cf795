"""Ready-made Early Intervention moves for tests, made through the services exactly as the portal
makes them."""

from datetime import date, timedelta

from django.utils import timezone

from early_intervention import selectors, services
from early_intervention.models import EarlyInterventionMove
from portal.models import Relationship, Tier
from referrals.models import ConcernCategory
from sharing.models import ConsentRecord, SharingDecision
from tests.factories import PersonFactory, make_child, relate

Move = EarlyInterventionMove


def side(setup, key: str):
    return getattr(setup, key)


def eh_child(setup, *, authority: str = "north", tier: int = Tier.EARLY_INTERVENTION, **details):
    """A child on an Early Intervention plan, allocated to the early help worker, with a mother who
    has parental responsibility."""
    a = side(setup, authority)
    child = make_child(worker=a.early_help_worker, team=a.early_help, tier=tier, **details)
    relate(child, PersonFactory(first_name="Jordan"), Relationship.Kind.MOTHER, has_parental_responsibility=True)
    return child


def mother_of(child):
    return child.relationships.get(kind=Relationship.Kind.MOTHER).person


def option(child, team=None, organisation=None):
    for candidate in selectors.agency_options(child=child):
        if (team is not None and candidate.team == team) or (
            organisation is not None and candidate.team is None and candidate.organisation == organisation
        ):
            return candidate
    raise LookupError(f"No agency option for {team or organisation}")


REFUSED_REASONS = "The mother refused: each agency will forward its own records under its own procedures."


def consent(child, status: str = Move.Consent.GIVEN, **overrides) -> services.MoveConsent:
    if status == Move.Consent.NOT_OBTAINED:
        values = {"status": status, "explanation": "The family left without notice."}
    else:
        values = {
            "status": status,
            "given_by": ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY,
            "person": mother_of(child),
            "method": ConsentRecord.Method.IN_WRITING,
            "decided_on": timezone.localdate() - timedelta(days=1),
        }
        if status == Move.Consent.REFUSED:
            values["explanation"] = REFUSED_REASONS
    values.update(overrides)
    return services.MoveConsent(**values)


def details(
    setup,
    child,
    *,
    authority: str = "north",
    planned: bool = False,
    consent_status: str = Move.Consent.GIVEN,
    destination: str | None = "south",
    agencies=None,
    **overrides,
) -> services.MoveRecord:
    a = side(setup, authority)
    if agencies is None:
        agencies = (
            [option(child, setup.health_team), option(child, a.cin)] if authority == "north" else [option(child, a.cin)]
        )
    values = {
        "plan_reference": "EIP-2026-0042",
        "tier": child.tier,
        "lead_team": a.early_help,
        "kind": Move.Kind.PLANNED if planned else Move.Kind.UNPLANNED,
        "whereabouts_known": destination is not None,
        "destination_authority": side(setup, destination).org if destination else None,
        "move_date": timezone.localdate() + timedelta(days=10) if planned else timezone.localdate() - timedelta(days=2),
        "new_address": "12 Harbour View\nSouthvale" if destination else "",
        "consent": consent(child, consent_status),
        "agencies": agencies,
    }
    values.update(overrides)
    return services.MoveRecord(**values)


def record(setup, child=None, *, authority: str = "north", actor=None, **kwargs) -> Move:
    child = child or eh_child(setup, authority=authority)
    actor = actor or side(setup, authority).early_help_worker
    return services.move_record(actor=actor, child=child, details=details(setup, child, authority=authority, **kwargs))


def meeting_details(move, *, increased: bool = False, harm: bool = False, **overrides) -> services.MeetingDetails:
    values = {
        "held_on": timezone.localdate() - timedelta(days=1),
        "present": list(move.agencies.all()),
        "discussion_summary": "The family left suddenly; school has not seen the child since Monday.",
        "need_or_risk_increased": increased,
        "significant_harm": harm,
        "harm_concerns": [ConcernCategory.NEGLECT] if harm else [],
        "outcome_notes": "Refer without delay." if harm else "Update the plan.",
    }
    values.update(overrides)
    return services.MeetingDetails(**values)


def hold_meeting(setup, move, *, actor=None, recorded_on: date | None = None, **kwargs) -> Move:
    actor = actor or move.lead_professional
    if recorded_on is not None:
        kwargs.setdefault("held_on", recorded_on - timedelta(days=1))
    return services.move_meeting_record(
        actor=actor, move=move, details=meeting_details(move, **kwargs), recorded_on=recorded_on
    )


def add_item(move, *, agency=None, due_on: date | None = None, actor=None) -> "services.AgreedPlanItem":
    """A plan item; one due in the past was agreed in time and has since fallen due (the service
    refuses a date already past)."""
    agency = agency or move.agencies.get(is_lead=True)
    if due_on is not None and due_on < timezone.localdate():
        item = add_item(move, agency=agency, actor=actor)
        type(item).objects.filter(pk=item.pk).update(due_on=due_on)
        item.refresh_from_db()
        return item
    return services.plan_item_add(
        actor=actor or move.lead_professional,
        move=move,
        details=services.PlanItemDetails(
            sending_agency=agency,
            information="The Early Intervention plan and the latest review notes.",
            receiving_agency="Early help team in the new area",
            due_on=due_on or timezone.localdate() + timedelta(days=7),
            expectations="Contact the family within two weeks.",
        ),
    )


def eh_manager(setup, authority: str = "north"):
    """The early help team's manager: the lead professional's team manager."""
    from portal.models import Role
    from tests.factories import UserFactory, join

    a = side(setup, authority)
    existing = a.early_help.memberships.filter(is_manager=True).select_related("user").first()
    if existing:
        return existing.user
    manager = UserFactory(username=f"{authority}.ehmanager", organisation=a.org, roles=[Role.TEAM_MANAGER])
    return join(manager, a.early_help, manager=True)


def finish_referral(referral, actor):
    """Answer the questions a referral made from a move still needs (urgency, the family's views, their
    agreement), as the referrer does on the referral's own pages."""
    from referrals import services as referrals
    from referrals.models import Urgency

    referral = referrals.referral_update(
        actor=actor,
        referral=referral,
        section="concern",
        changes={
            "urgency": Urgency.URGENT,
            "sharing_reasons": "The move raised the risk of significant harm: MAST must decide whether to act.",
        },
    )
    referral = referrals.referral_update(
        actor=actor,
        referral=referral,
        section="family",
        changes={
            "child_views": "Not seen since the move.",
            "family_views": "Not known: the family cannot be reached.",
            "family_told": False,
            "family_not_told_reason": "would_increase_risk",
        },
    )
    return referrals.referral_update(
        actor=actor,
        referral=referral,
        section="consent",
        changes={
            "consent_decision": "not_sought",
            "consent_given_by": "parental_responsibility",
            "consent_person": mother_of(referral.child),
            "consent_decided_on": timezone.localdate(),
            "consent_not_sought_reason": "unjustified_delay",
            "consent_explanation": "The family cannot be reached and the concern cannot wait.",
        },
    )


def tick(item, actor, method=SharingDecision.Method.SECURE_EMAIL):
    """The sending agency ticks off a plan item: sent today."""
    return services.plan_item_done(actor=actor, item=item, sent_on=timezone.localdate(), method=method)


def agency(move, team):
    """The move's agency for a team."""
    return move.agencies.get(team=team)
