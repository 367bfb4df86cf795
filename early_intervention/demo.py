"""Demo Early Intervention moves for `manage.py seed_demo`: one in every state, among them one waiting
for its multi-agency meeting, one with an overdue plan item and one whose referral was not sent in
time, made through the services so that access, consent, sharing decisions, escalations and history
are exactly what the portal would make.

The moves are of the early help workers' own demo children (Tier 3): the north worker leads four,
the south worker four. Idempotent: a child that already has a move is left alone.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from early_intervention import selectors, services
from early_intervention.models import EarlyInterventionMove
from portal import services as core
from portal.demo import DemoWorld
from portal.models import Child, Relationship, Tier
from referrals.models import ConcernCategory
from sharing.models import ConsentRecord, SharingDecision

Move = EarlyInterventionMove
State = Move.State


@dataclass(frozen=True)
class DemoMove:
    state: str
    planned: bool
    consent: str
    whereabouts_known: bool = True
    increased: bool = False
    harm: bool = False


# (lead worker, [one spec per demo child of theirs])
PLAN = [
    (
        "north",
        [
            DemoMove(State.AWAITING_MEETING, planned=False, consent=Move.Consent.NOT_OBTAINED),
            DemoMove(State.AGREED_PLAN, planned=True, consent=Move.Consent.GIVEN),
            DemoMove(
                State.REFERRAL_RECEIVING_CSC, planned=False, consent=Move.Consent.REFUSED, increased=True, harm=True
            ),
            DemoMove(State.COMPLETED, planned=False, consent=Move.Consent.REFUSED),
        ],
    ),
    (
        "south",
        [
            DemoMove(State.PLAN_UPDATED_SHARING, planned=False, consent=Move.Consent.GIVEN, increased=True),
            DemoMove(State.PLAN_UPDATED_CHECKLIST, planned=False, consent=Move.Consent.REFUSED),
            DemoMove(
                State.REFERRAL_MAST,
                planned=False,
                consent=Move.Consent.NOT_OBTAINED,
                whereabouts_known=False,
                increased=True,
                harm=True,
            ),
            DemoMove(State.WITHDRAWN, planned=True, consent=Move.Consent.GIVEN),
        ],
    ),
]


def _parent(worker, child: Child):
    link = child.relationships.filter(has_parental_responsibility=True).select_related("person").first()
    if link is None:
        link = core.person_add_to_child(
            actor=worker,
            child=child,
            person=core.PersonDetails(first_name="Robin", last_name=child.last_name),
            relationship=core.RelationshipDetails(
                kind=Relationship.Kind.MOTHER, has_parental_responsibility=True, lives_with_child=True
            ),
        )
    return link.person


def _record(world: DemoWorld, key: str, spec: DemoMove, child: Child, index: int, today: date) -> Move:
    worker = world.users[f"{key}.earlyhelp"]
    other = "south" if key == "north" else "north"
    move_date = today + timedelta(days=14) if spec.planned else today - timedelta(days=10 + index)
    consent = services.MoveConsent(status=spec.consent)
    if spec.consent == Move.Consent.NOT_OBTAINED:
        consent = services.MoveConsent(
            status=spec.consent, explanation="The family left without telling anyone; their phone is disconnected."
        )
    elif spec.consent in (Move.Consent.GIVEN, Move.Consent.REFUSED):
        consent = services.MoveConsent(
            status=spec.consent,
            given_by=ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY,
            person=_parent(worker, child),
            method=ConsentRecord.Method.VERBAL_IN_PERSON,
            decided_on=today - timedelta(days=12),
            explanation=(
                "The mother refused; the agencies will forward their own records under their own procedures."
                if spec.consent == Move.Consent.REFUSED
                else ""
            ),
        )
    options = selectors.agency_options(child=child, exclude_team=world.teams[f"{key}-early-help"])
    return services.move_record(
        actor=worker,
        child=child,
        details=services.MoveRecord(
            plan_reference=f"EIP-{today.year}-{child.pk:04d}",
            tier=Tier.EARLY_INTERVENTION,
            lead_team=world.teams[f"{key}-early-help"],
            kind=Move.Kind.PLANNED if spec.planned else Move.Kind.UNPLANNED,
            whereabouts_known=spec.whereabouts_known,
            destination_authority=world.orgs[other] if spec.whereabouts_known else None,
            move_date=move_date,
            new_address=f"12 Harbour View\n{world.orgs[other].name.split()[0]}" if spec.whereabouts_known else "",
            consent=consent,
            agencies=options[:3],
        ),
    )


def _meeting(world: DemoWorld, key: str, spec: DemoMove, move: Move, today: date) -> Move:
    # The MAST referral was decided yesterday (due today); the other referral a week ago (overdue).
    held_on = today - timedelta(days=1 if spec.state == State.REFERRAL_MAST else 8)
    agencies = list(move.agencies.all())
    return services.move_meeting_record(
        actor=world.users[f"{key}.earlyhelp"],
        move=move,
        recorded_on=held_on + timedelta(days=1),
        details=services.MeetingDetails(
            held_on=held_on,
            present=agencies,
            discussion_summary=(
                "The family left the area at short notice. School reports the child has not attended since; the health "
                "visitor's last home visit found the home chaotic."
                if spec.harm
                else "The family moved to be near the mother's sister. The child is settled and attends a new school."
            ),
            need_or_risk_increased=spec.increased,
            significant_harm=spec.harm,
            harm_concerns=[ConcernCategory.NEGLECT] if spec.harm else [],
            outcome_notes=(
                "Refer without delay; the lead professional makes the referral today."
                if spec.harm
                else "Update the plan; each agency passes on what the new area needs."
            ),
        ),
    )


def _plan(world: DemoWorld, key: str, move: Move, today: date, *, overdue: bool) -> None:
    worker = world.users[f"{key}.earlyhelp"]
    for number, agency in enumerate(move.agencies.all()[:2]):
        item = services.plan_item_add(
            actor=worker,
            move=move,
            details=services.PlanItemDetails(
                sending_agency=agency,
                information="The Early Intervention plan, the latest review notes and the family's contact details.",
                receiving_agency=f"The equivalent team in {move.destination_authority}",
                due_on=today + timedelta(days=7 + number),
                expectations="Make contact with the family within two weeks and continue the support in the plan.",
            ),
        )
        if overdue and number == 0:
            # Agreed in time, and now late: the plan's date has passed (as if the demo were weeks old).
            type(item).objects.filter(pk=item.pk).update(due_on=today - timedelta(days=3))


def _make(world: DemoWorld, key: str, spec: DemoMove, child: Child, index: int, today: date) -> Move:
    worker = world.users[f"{key}.earlyhelp"]
    move = _record(world, key, spec, child, index, today)
    if move.state == State.AWAITING_MEETING and spec.state != State.AWAITING_MEETING:
        move = _meeting(world, key, spec, move, today)
    if spec.state == State.AGREED_PLAN:
        _plan(world, key, move, today, overdue=True)
    elif spec.state == State.PLAN_UPDATED_SHARING:
        services.move_plan_update_confirm(
            actor=worker, move=move, updated_on=today - timedelta(days=6), summary="New outcomes for the new school."
        )
        _plan(world, key, move, today, overdue=False)
    elif spec.state in (State.PLAN_UPDATED_CHECKLIST, State.COMPLETED):
        services.move_plan_update_confirm(
            actor=worker, move=move, updated_on=today - timedelta(days=6), summary="Closed the plan's local actions."
        )
        for number, row in enumerate(selectors.checklist(move=move)):
            services.checklist_confirm_records(
                actor=worker, row=row, confirmed_on=today - timedelta(days=5), confirmed_by_name=str(worker)
            )
            if spec.state == State.COMPLETED or number == 0:
                services.checklist_confirm_forwarded(
                    actor=worker,
                    row=row,
                    forwarded_on=today - timedelta(days=4),
                    forwarded_by_name=str(worker),
                    forwarded_to=f"The front door of {move.destination_authority}",
                )
    elif spec.state == State.WITHDRAWN:
        _plan(world, key, move, today, overdue=False)
        item = move.plan_items.first()
        services.plan_item_done(
            actor=worker, item=item, sent_on=today - timedelta(days=1), method=SharingDecision.Method.SECURE_EMAIL
        )
        services.move_withdraw(actor=worker, move=move, reason="The family decided to stay after all.")
    move.refresh_from_db()
    if move.state != spec.state:
        raise RuntimeError(f"Demo move {move.reference} is {move.state}, not {spec.state}")
    return move


def seed(world: DemoWorld) -> str:
    today = timezone.localdate()
    made = 0
    for key, specs in PLAN:
        children = world.children_of(f"{key}.earlyhelp")
        for index, (spec, child) in enumerate(zip(specs, children, strict=False)):
            if Move.objects.filter(child=child).exists():
                continue
            _make(world, key, spec, child, index, today)
            made += 1
    sweep = services.move_escalate_overdue(today=today)
    return f"Early Intervention moves: {made} demo move(s) made; {sweep}"
