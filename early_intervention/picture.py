"""Early Intervention moves in the whole picture: the lead professional's team manager's dashboard,
who is involved (the agencies on the plan), open work, the child's timeline and the practitioner's
home page. Each function runs a fixed number of queries however many moves there are."""

from datetime import date

from django.db.models import Min, Q
from django.urls import reverse

from early_intervention import selectors
from early_intervention.models import (
    AgencyRecordsCheck,
    AgreedPlanItem,
    EarlyInterventionAgency,
    EarlyInterventionMove,
    MeetingAttendance,
    MultiAgencyMeeting,
)
from portal.extensions import Count, HomeSection, Involvement, Later, OpenWork, Plugin, Widget

Move = EarlyInterventionMove
COLOURS = {"awaiting_meeting": "orange", "overdue_items": "red", "referral_overdue": "red"}


def list_url(*, name: str, team_ids: list[int]) -> str:
    return reverse("early_intervention:list") + f"?filter={name}&" + "&".join(f"team={pk}" for pk in team_ids)


def _next_due(move: Move) -> date | None:
    if move.state in Move.REFERRALS:
        return move.follow_up_due_on
    dues = [item.due_on for item in move.plan_items.all() if not item.is_done]
    return min(dues) if dues else None


def _status(move: Move) -> str:
    steps = move.outstanding_steps() if move.state in Move.OUTCOMES else []
    if move.state == Move.State.AWAITING_MEETING:
        steps = ["Hold and record the multi-agency meeting"]
    return "; ".join(steps) or move.get_state_display()


def dashboard_widgets(*, user, teams, today: date) -> list[Widget]:
    """For the lead professional's team manager: moves waiting for their meeting, moves with plan items
    past their date, and referrals not sent within a working day. Each number links to the list of
    exactly those moves (the same selectors, so the two cannot disagree)."""
    team_ids = [team.pk for team in teams]
    mine = selectors.led_by_teams(
        selectors.move_list_for_user(user=user).exclude(state__in=Move.CLOSED), team_ids=team_ids
    )
    widget = Widget(
        title="Early Intervention moves", headers=["Child", "To", "Status", "Next step"], team_kinds=("early_help",)
    )
    numbers = selectors.filter_counts(mine, today=today)
    for name, label in selectors.FILTERS.items():
        number = numbers[name]
        widget.counts.append(
            Count(label, number, list_url(name=name, team_ids=team_ids), COLOURS[name] if number else "")
        )
    attention = (
        mine.filter(
            Q(state=Move.State.AWAITING_MEETING)
            | Q(pk__in=selectors.with_overdue_items(mine, today=today).values("pk"))
            | Q(pk__in=selectors.with_referral_overdue(mine, today=today).values("pk"))
        )
        .prefetch_related("plan_items", "checklist")
        .order_by("created_at", "pk")[:20]
    )
    for move in attention:
        widget.rows.append(
            [
                {"text": move.child.full_name, "url": move.get_absolute_url()},
                move.destination_label,
                {"text": move.get_state_display(), "colour": move.state_tag_colour},
                _status(move),
            ]
        )
    widget.empty = "No Early Intervention move led by your teams needs attention."
    return [widget]


def involvement(*, user, child) -> list[Involvement]:
    """The agencies on the plan of a move in progress, with their named contacts, since they were
    recorded on it; the lead professional by name."""
    return _involvement(_agencies(user=user, child=child))


def _agencies(*, user, child):
    return (
        EarlyInterventionAgency.objects.filter(
            move__child=child, move__in=selectors.move_list_for_user(user=user, child_id=child.pk).values("pk")
        )
        .exclude(move__state__in=Move.CLOSED)
        .select_related("organisation", "team", "move__lead_professional")
    )


def _involvement(agencies) -> list[Involvement]:
    items = []
    for agency in agencies:
        move = agency.move
        role = f"On the Early Intervention plan {move.plan_reference} (move {move.reference})"
        items.append(
            Involvement(
                organisation=agency.organisation.name,
                team=agency.team.name if agency.team_id else "",
                person=str(move.lead_professional) if agency.is_lead else agency.contact_name,
                role=f"Lead professional's agency: {role[0].lower()}{role[1:]}" if agency.is_lead else role,
                since=agency.added_at,
                contact=", ".join(x for x in [agency.contact_email, agency.contact_phone] if x)
                or (agency.team.email if agency.team_id else agency.organisation.email),
            )
        )
    return items


def open_work(*, user, children) -> dict[int, list[OpenWork]]:
    return _open_work(_open_moves(user=user, children=children))


def family(*, user, child, children) -> Later:
    """The open moves of the children and the agencies working with the child, read with every other
    app's part of the family page (issue 14)."""
    moves, agencies = _open_moves(user=user, children=children), _agencies(user=user, child=child)
    return Later([moves, agencies], lambda: (_open_work(moves), _involvement(agencies)))


def _open_moves(*, user, children):
    return (
        Move.objects.filter(child__in=children, pk__in=selectors.move_list_for_user(user=user).values("pk"))
        .exclude(state__in=Move.CLOSED)
        .select_related("destination_authority")
        .annotate(next_item_due=Min("plan_items__due_on", filter=Q(plan_items__done_at__isnull=True)))
    )


def _open_work(moves) -> dict[int, list[OpenWork]]:
    work: dict[int, list[OpenWork]] = {}
    for move in moves:
        due = move.follow_up_due_on if move.state in Move.REFERRALS else move.next_item_due
        work.setdefault(move.child_id, []).append(
            OpenWork(
                f"Early Intervention move to {move.destination_label}",
                move.get_absolute_url(),
                move.get_state_display(),
                due,
            )
        )
    return work


def timeline_sources(*, user, child) -> Later:
    """Moves of the child the viewer is on."""
    moves = selectors.move_list_for_user(user=user, child_id=child.pk).values_list("pk", flat=True)

    def sources() -> list:
        move_ids = list(moves)
        meetings = MultiAgencyMeeting.objects.filter(move_id__in=move_ids).values("pk")
        return [
            Move.history.filter(id__in=move_ids),
            EarlyInterventionAgency.history.filter(move_id__in=move_ids),
            MultiAgencyMeeting.history.filter(move_id__in=move_ids),
            MeetingAttendance.history.filter(meeting_id__in=meetings),
            AgreedPlanItem.history.filter(move_id__in=move_ids),
            AgencyRecordsCheck.history.filter(move_id__in=move_ids),
        ]

    return Later([moves], sources)


def home_sections(*, user, today: date) -> Later:
    """Read with every other app's sections (issue 14)."""
    moves = selectors.moves_needing_action(user=user)[:10]
    return Later([moves], lambda: _home_sections(moves))


def _home_sections(moves) -> list[HomeSection]:
    return [
        HomeSection(
            "Your Early Intervention moves needing action",
            [
                OpenWork(
                    f"{move.child.full_name} to {move.destination_label}",
                    move.get_absolute_url(),
                    _status(move),
                    _next_due(move),
                )
                for move in moves
            ],
            empty="None of your Early Intervention moves needs action.",
        )
    ]


class EarlyInterventionPlugin(Plugin):
    name = "early_intervention"
    dashboard_order = 25
    home_order = 41

    def timeline(self, *, user, child) -> Later:
        return timeline_sources(user=user, child=child)

    def involvement(self, *, user, child) -> list[Involvement]:
        return involvement(user=user, child=child)

    def open_work(self, *, user, children) -> dict[int, list[OpenWork]]:
        return open_work(user=user, children=children)

    def dashboard_widgets(self, *, user, teams, today) -> list[Widget]:
        return dashboard_widgets(user=user, teams=teams, today=today)

    def family(self, *, user, child, children) -> Later:
        return family(user=user, child=child, children=children)

    def home_sections(self, *, user, today) -> Later:
        return home_sections(user=user, today=today)

    def subject_access_items(self, *, person, viewer) -> list:
        from early_intervention.subject_access import early_intervention_subject_access_items

        return early_intervention_subject_access_items(person=person)
