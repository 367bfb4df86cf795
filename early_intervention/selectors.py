"""Reads for Early Intervention moves, already filtered to what the user may see (DESIGN §5).

A move is visible only through guardian rows on it: granted to the lead professional, their team's
group, and the groups of the teams of the agencies on the plan that use the portal (their managers
are members, so they see it too). Nobody else: not another authority, not a Caldicott Guardian (they
meet moves through escalations). No writes; lists join what their pages show, in a fixed number of
queries.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from early_intervention.models import (
    AgencyRecordsCheck,
    AgreedPlanItem,
    EarlyInterventionAgency,
    EarlyInterventionMove,
    MeetingAttendance,
)
from portal import policies
from portal.access import has_object_permission, objects_permitted_q
from portal.models import Child, Escalation, Organisation, Relationship, Team, User
from portal.text import date_text
from referrals.models import ConcernCategory, MastReferral
from sharing import selectors as sharing_selectors
from sharing.models import ConsentRecord, InformationCategory, Purpose

Move = EarlyInterventionMove
State = EarlyInterventionMove.State

# Teams that are not agencies on a child's plan: the front door, information governance, and the
# Child Exploitation team (issue 16: reached through MAST; it holds intelligence, not a plan).
NOT_PLAN_AGENCIES = (Team.Kind.MAST, Team.Kind.INFORMATION_GOVERNANCE, Team.Kind.CHILD_EXPLOITATION)

# What a referral made from a move carries: the child's identity, the family, and the plan (social
# care history and plans).
REFERRAL_INFORMATION = [InformationCategory.IDENTITY, InformationCategory.FAMILY, InformationCategory.SOCIAL_CARE]

LIST_VIEWS = {"open": "Open moves", "closed": "Completed and withdrawn"}
# The dashboard's numbers, each a filter of the list showing exactly what it counted.
FILTERS = {
    "awaiting_meeting": "EI moves awaiting a meeting",
    "overdue_items": "EI moves with overdue plan items",
    "referral_overdue": "Referrals not sent within one working day",
}


# --- Moves ---------------------------------------------------------------------------------------


def _moves() -> QuerySet[Move]:
    return Move.objects.select_related(
        "child", "destination_authority", "lead_professional", "lead_team__organisation", "referral"
    )


def move_list_for_user(*, user: User, child_id: int | None = None) -> QuerySet[Move]:
    """Moves the user may see through object permissions only: a model-level permission or
    superuser status never opens every move. `child_id` narrows it to one child's moves inside the
    permission filter too (issue 14)."""
    moves = _moves() if child_id is None else _moves().filter(child_id=child_id)
    return moves.filter(objects_permitted_q(user, model=Move, codename="view_earlyinterventionmove", child_id=child_id))


def move_get_for_user(*, user: User, pk: int) -> Move:
    """The move, or 404 for anyone who is not on it."""
    return get_object_or_404(move_list_for_user(user=user), pk=pk)


def open_move_for_child(*, user: User, child: Child) -> Move | None:
    return move_list_for_user(user=user, child_id=child.pk).exclude(state__in=Move.CLOSED).first()


def with_overdue_items(moves: QuerySet[Move], *, today: date) -> QuerySet[Move]:
    overdue = AgreedPlanItem.objects.filter(move=OuterRef("pk"), done_at__isnull=True, due_on__lt=today)
    return moves.filter(Exists(overdue)).exclude(state__in=Move.CLOSED)


def with_referral_overdue(moves: QuerySet[Move], *, today: date) -> QuerySet[Move]:
    """Referral outcomes whose referral was not sent by the end of the next working day."""
    return moves.filter(state__in=Move.REFERRALS, follow_up_due_on__lt=today).filter(
        Q(referral__isnull=True) | Q(referral__status=MastReferral.Status.DRAFT)
    )


def led_by_teams(moves: QuerySet[Move], *, team_ids: list[int]) -> QuerySet[Move]:
    return moves.filter(lead_team_id__in=team_ids)


def apply_filter(moves: QuerySet[Move], *, name: str, today: date) -> QuerySet[Move]:
    if name == "awaiting_meeting":
        return moves.filter(state=State.AWAITING_MEETING)
    if name == "overdue_items":
        return with_overdue_items(moves, today=today)
    if name == "referral_overdue":
        return with_referral_overdue(moves, today=today)
    return moves


def filter_counts(moves: QuerySet[Move], *, today: date) -> dict[str, int]:
    """How many of the moves each of FILTERS shows, in one pass (the same conditions as apply_filter)."""
    overdue_items = AgreedPlanItem.objects.filter(move=OuterRef("pk"), done_at__isnull=True, due_on__lt=today)
    conditions = {
        "awaiting_meeting": Q(state=State.AWAITING_MEETING),
        "overdue_items": Q(Exists(overdue_items)) & ~Q(state__in=Move.CLOSED),
        "referral_overdue": Q(state__in=Move.REFERRALS, follow_up_due_on__lt=today)
        & (Q(referral__isnull=True) | Q(referral__status=MastReferral.Status.DRAFT)),
    }
    return moves.order_by().aggregate(**{name: Count("pk", filter=conditions[name]) for name in FILTERS})


def move_list_view(*, user: User, show: str, today: date) -> QuerySet[Move]:
    """One of the list page's views, with the counts each row shows annotated (no per-row queries)."""
    moves = move_list_for_user(user=user)
    moves = moves.filter(state__in=Move.CLOSED) if show == "closed" else moves.exclude(state__in=Move.CLOSED)
    return moves.annotate(
        items_open=Count("plan_items", filter=Q(plan_items__done_at__isnull=True), distinct=True),
        items_overdue=Count(
            "plan_items", filter=Q(plan_items__done_at__isnull=True, plan_items__due_on__lt=today), distinct=True
        ),
    ).order_by("-created_at", "-pk")


def moves_needing_action(*, user: User) -> QuerySet[Move]:
    """The lead professional's open moves, each with what is left to do prefetched."""
    return (
        Move.objects.filter(lead_professional=user)
        .exclude(state__in=Move.CLOSED)
        .select_related("child", "destination_authority", "referral")
        .prefetch_related("plan_items", "checklist")
        .order_by("created_at", "pk")
    )


# --- One move ------------------------------------------------------------------------------------


def move_agencies(*, move: Move) -> list[EarlyInterventionAgency]:
    return list(move.agencies.select_related("organisation", "team"))


def agency_get(*, move: Move, pk: int) -> EarlyInterventionAgency:
    return get_object_or_404(move.agencies.select_related("organisation", "team"), pk=pk)


def meeting_attendance(*, move: Move) -> list[MeetingAttendance]:
    meeting = move.recorded_meeting
    if meeting is None:
        return []
    return list(meeting.attendance.select_related("agency__organisation", "agency__team"))


def plan_items(*, move: Move) -> QuerySet[AgreedPlanItem]:
    return move.plan_items.select_related("sending_agency__organisation", "sending_agency__team", "done_by", "added_by")


def plan_item_get(*, move: Move, pk: int) -> AgreedPlanItem:
    return get_object_or_404(plan_items(move=move), pk=pk)


def checklist(*, move: Move) -> QuerySet[AgencyRecordsCheck]:
    return move.checklist.select_related(
        "agency__organisation", "agency__team", "records_recorded_by", "forwarded_recorded_by"
    )


def checklist_row_get(*, move: Move, pk: int) -> AgencyRecordsCheck:
    return get_object_or_404(checklist(move=move), pk=pk)


def move_escalations(*, move: Move) -> QuerySet[Escalation]:
    item_ids = move.plan_items.values("pk")
    return Escalation.objects.filter(
        Q(subject_type=ContentType.objects.get_for_model(Move), subject_id=move.pk)
        | Q(subject_type=ContentType.objects.get_for_model(AgreedPlanItem), subject_id__in=item_ids)
    ).order_by("raised_at", "pk")


def move_history(*, move: Move):
    return move.history.select_related("history_user").order_by("history_date", "history_id")


def meeting_refused_message(*, move: Move) -> str:
    """What to tell someone recording a meeting the move no longer waits for."""
    meeting = move.recorded_meeting
    if meeting is not None:
        return (
            f"The multi-agency meeting was recorded by {meeting.recorded_by}: the outcome is "
            f"{move.get_state_display().lower()}. Nothing was changed."
        )
    return f"This move is {move.get_state_display().lower()}: no meeting is recorded now. Nothing was changed."


# --- Who is told ---------------------------------------------------------------------------------


def agency_team_members(*, move: Move, include_lead: bool = False) -> list[User]:
    """The active members of the teams of the agencies on the plan (the lead's team only when asked)."""
    agencies = move.agencies.filter(team__isnull=False)
    if not include_lead:
        agencies = agencies.exclude(team_id=move.lead_team_id)
    return list(User.objects.filter(is_active=True, memberships__team_id__in=agencies.values("team_id")).distinct())


def lead_team_managers(*, move: Move) -> list[User]:
    """Who an overdue next step of the move goes to: the lead professional's team managers."""
    return list(policies.managers_of(teams=[move.lead_team_id]))


def team_members(*, team: Team) -> QuerySet[User]:
    return User.objects.filter(is_active=True, memberships__team=team)


# --- The follow-up referral ----------------------------------------------------------------------


def referral_authority_for(*, move: Move) -> Organisation:
    """Where the follow-up referral goes: children's social care (MAST) in the receiving authority; or,
    with the whereabouts unknown, MAST of the child's own (current) authority."""
    if move.outcome == State.REFERRAL_RECEIVING_CSC and move.destination_authority is not None:
        return move.destination_authority
    return move.child.local_authority


def referral_concern_for(*, move: Move) -> dict:
    """The referral's concern, from what the move and its meeting already record: nobody retypes it."""
    meeting = move.meeting
    child = move.child
    present = [a.agency.name for a in meeting.attendance.select_related("agency__organisation", "agency__team")]
    tense = "moved" if move.move_date <= timezone.localdate() else "is moving"
    where = f"to {move.destination_authority}" if move.whereabouts_known else "and the family's whereabouts are unknown"
    facts = [
        f"{child.full_name} is supported by an Early Intervention plan ({move.plan_reference}, "
        f"{move.get_tier_display()}). The family {tense} out of {child.local_authority} on "
        f"{date_text(move.move_date)} {where}. The move was {move.get_kind_display().lower()} "
        f"(Early Intervention move {move.reference}).",
    ]
    if move.new_address:
        facts.append(f"New address: {move.new_address}")
    attended = "; ".join(present)
    if meeting.others_present:
        attended += f"; also {meeting.others_present}"
    facts.append(f"Multi-agency meeting on {date_text(meeting.held_on)}, attended by {attended}.")
    facts.append(f"The discussion: {meeting.discussion_summary}")
    increase = (
        "the needs of or the risks to the child have increased"
        if meeting.need_or_risk_increased
        else "the child's needs and the risks to them have not increased"
    )
    opinion = (
        f"The multi-agency meeting concluded that {increase}, and that the child may be at risk of, or suffering, "
        f"significant harm. What the meeting agreed: {meeting.outcome_notes}"
    )
    concerns = list(meeting.harm_concerns)
    if not move.whereabouts_known and ConcernCategory.MISSING not in concerns:
        concerns.append(ConcernCategory.MISSING.value)
    return {
        "concern_categories": concerns,
        "what_happened": "\n\n".join(facts),
        "referrer_view": opinion,
        "information_categories": [c.value for c in REFERRAL_INFORMATION],
        "advice_from": f"The multi-agency meeting on {date_text(meeting.held_on)}"[:200],
    }


# --- Who may do what -----------------------------------------------------------------------------


def can_view(user: User, move: Move) -> bool:
    return has_object_permission(user, "view_earlyinterventionmove", move)


def can_work_on(user: User, move: Move) -> bool:
    """The lead professional and their team: they record the meeting, the plan and its outcome."""
    return has_object_permission(user, "change_earlyinterventionmove", move)


def member_team_ids(*, user: User) -> set[int]:
    return set(Team.objects.filter(memberships__user=user).values_list("pk", flat=True))


def acts_for_agency(user: User, move: Move, agency: EarlyInterventionAgency, team_ids: set[int] | None = None) -> bool:
    """The lead professional's team acts for every agency (confirming what an agency told them); an
    agency's own team acts for itself."""
    if can_work_on(user, move):
        return True
    team_ids = member_team_ids(user=user) if team_ids is None else team_ids
    return agency.team_id is not None and agency.team_id in team_ids and can_view(user, move)


@dataclass
class MoveActions:
    work: bool = False
    record_meeting: bool = False
    confirm_plan_update: bool = False
    add_item: bool = False
    withdraw: bool = False
    send_referral: bool = False
    see_child: bool = False
    tick_items: set[int] | None = None
    confirm_rows: set[int] | None = None
    contact_agencies: set[int] | None = None


def move_actions(*, user: User, move: Move, items=(), rows=(), agencies=()) -> MoveActions:
    work = can_work_on(user, move)
    team_ids = member_team_ids(user=user)
    viewer = work or can_view(user, move)

    def acts_for(agency: EarlyInterventionAgency) -> bool:
        return work or (viewer and agency.team_id is not None and agency.team_id in team_ids)

    with_items = move.state in Move.WITH_PLAN_ITEMS
    checking = move.state == State.PLAN_UPDATED_CHECKLIST
    return MoveActions(
        work=work,
        record_meeting=work and move.state == State.AWAITING_MEETING,
        confirm_plan_update=work and move.state in Move.PLAN_UPDATES and move.plan_updated_on is None,
        add_item=work and with_items,
        withdraw=work and move.state in Move.WITHDRAWABLE,
        send_referral=(
            move.state in Move.REFERRALS
            and move.referral is not None
            and move.referral.is_draft
            and move.referral.referrer_id == user.pk
        ),
        see_child=has_object_permission(user, "view_child", move.child),
        tick_items={item.pk for item in items if with_items and not item.is_done and acts_for(item.sending_agency)},
        confirm_rows={row.pk for row in rows if checking and not row.is_complete and acts_for(row.agency)},
        contact_agencies={agency.pk for agency in agencies if move.is_open and acts_for(agency)},
    )


# --- Recording a move ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyOption:
    value: str  # "team:<pk>" or "organisation:<pk>"
    label: str
    organisation: Organisation
    team: Team | None


def agency_options(*, child: Child, exclude_team: Team | None = None) -> list[AgencyOption]:
    """The agencies that can be on a child's plan: the teams of the child's local authority and of
    the organisations serving its area (not MAST or information governance), and those
    organisations that have no team in the portal."""
    authority = child.local_authority
    organisations = Organisation.objects.filter(Q(pk=authority.pk) | Q(serves_area=authority)).prefetch_related(
        Prefetch("teams", queryset=Team.objects.order_by("name"))
    )
    options: list[AgencyOption] = []
    for organisation in organisations.order_by("name"):
        teams = list(organisation.teams.all())
        if not teams and not organisation.is_local_authority:
            options.append(AgencyOption(f"organisation:{organisation.pk}", organisation.name, organisation, None))
        for team in teams:
            if team.kind in NOT_PLAN_AGENCIES or (exclude_team is not None and team.pk == exclude_team.pk):
                continue
            options.append(AgencyOption(f"team:{team.pk}", f"{team.name}, {organisation.name}", organisation, team))
    return options


def lead_teams_for(*, user: User) -> QuerySet[Team]:
    return Team.objects.filter(memberships__user=user).select_related("organisation").order_by("name")


def destinations(*, child: Child) -> QuerySet[Organisation]:
    """The local authorities a child can move to: every one but their own."""
    return Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).exclude(pk=child.local_authority_id)


def consents_in_force(*, child: Child) -> QuerySet[ConsentRecord]:
    """Parental consent to share for early help that is given, not withdrawn and not ended by a
    refusal since: a move can rely on one already recorded instead of recording it again."""
    given = ConsentRecord.objects.filter(child=child, purpose=Purpose.EARLY_HELP, status=ConsentRecord.Status.GIVEN)
    return (
        sharing_selectors.not_ended_by_refusal(given)
        .select_related("given_by_person")
        .prefetch_related("recipient_links__organisation")
        .order_by("-decided_on", "-recorded_at")
    )


def parents_with_responsibility(*, child: Child) -> list[Relationship]:
    return list(child.relationships.filter(has_parental_responsibility=True).select_related("person").order_by("pk"))


def children_with_open_moves(*, children) -> QuerySet[Move]:
    return Move.objects.filter(child__in=children).exclude(state__in=Move.CLOSED)


# --- When an escalation's subject is finished (registered in apps.py) ----------------------------


def escalations_finished_move(*, ids: list[int]) -> set[int]:
    """A move's unsent referral is finished once the referral is sent or the move has moved on."""
    waiting = Move.objects.filter(pk__in=ids, state__in=Move.REFERRALS).filter(
        Q(referral__isnull=True) | Q(referral__status=MastReferral.Status.DRAFT)
    )
    return set(ids) - set(waiting.values_list("pk", flat=True))


def escalations_finished_plan_item(*, ids: list[int]) -> set[int]:
    """An agreed plan item is finished once done, or when its move no longer follows the plan."""
    waiting = AgreedPlanItem.objects.filter(pk__in=ids, done_at__isnull=True, move__state__in=Move.WITH_PLAN_ITEMS)
    return set(ids) - set(waiting.values_list("pk", flat=True))
