"""Transfers' part of the whole picture: the team manager's dashboard (transfers in and out with
their clocks, and charts), who is involved, open work, the timeline and the practitioner's home."""

from datetime import date, timedelta

from django.db.models import Count as Tally
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from portal.charts import RED, Bar, bar_chart
from portal.extensions import Count, HomeSection, Involvement, Later, OpenWork, Plugin, Widget
from transfers import clocks, selectors
from transfers.models import CinTransfer, FamilyUpdate, TransferDocument

WEEKS = 12
DIRECTIONS = {"in": "Incoming", "out": "Outgoing"}
RAG_LABELS = {"red": "overdue", "amber": "due within 5 days", "green": "on track"}
RAG_COLOURS = {"red": "red", "amber": "orange", "green": "green"}


def teams_condition(*, team_ids: list[int], direction: str) -> Q:
    """Transfers a team sends, or receives (named as the receiving team, or sent to its authority
    without a team named)."""
    if direction == "out":
        return Q(sending_team_id__in=team_ids)
    from portal.models import Team

    authorities = Team.objects.filter(pk__in=team_ids).values("organisation_id")
    return Q(receiving_team_id__in=team_ids) | Q(receiving_team__isnull=True, receiving_authority_id__in=authorities)


def for_teams(transfers: QuerySet[CinTransfer], *, team_ids: list[int], direction: str) -> QuerySet[CinTransfer]:
    return transfers.filter(teams_condition(team_ids=team_ids, direction=direction))


def rag_condition(*, rag: str, today: date) -> Q:
    """Undecided transfers whose decision clock shows this colour (transfers.clocks.rag)."""
    undecided = Q(state__in=CinTransfer.UNDECIDED, decision_due_on__isnull=False)
    if rag == "red":
        return undecided & Q(decision_due_on__lt=today)
    if rag == "amber":
        return undecided & Q(decision_due_on__gte=today, decision_due_on__lte=today + timedelta(days=clocks.AMBER_DAYS))
    if rag == "green":
        return undecided & Q(decision_due_on__gt=today + timedelta(days=clocks.AMBER_DAYS))
    return Q()


def with_rag(transfers: QuerySet[CinTransfer], *, rag: str, today: date) -> QuerySet[CinTransfer]:
    return transfers.filter(rag_condition(rag=rag, today=today))


def _weeks(today: date) -> list[date]:
    """The start of each of the last WEEKS weeks (a week runs from the day after its start)."""
    start = today - timedelta(weeks=WEEKS)
    return [start + timedelta(weeks=week) for week in range(WEEKS)]


def weekly_counts(*, today: date) -> dict:
    """Counts of the transfers referred in each week, for an aggregate (`week_0`... `week_11`)."""
    return {
        f"week_{n}": Tally("pk", filter=Q(referred_on__gt=start, referred_on__lte=start + timedelta(weeks=1)))
        for n, start in enumerate(_weeks(today))
    }


def _weekly_chart(numbers: dict, *, today: date, title: str) -> Widget:
    bars = [
        Bar(f"{week_start + timedelta(days=1):%-d %b}", numbers[f"week_{n}"])
        for n, week_start in enumerate(_weeks(today))
    ]
    return Widget(
        title="Transfers referred each week",
        team_kinds=("cin",),
        chart=bar_chart(bars, title=title, axis_label="Transfers referred in the week"),
        chart_rows=[(f"Week from {bar.label}", bar.value) for bar in bars],
    )


def _decision_time_chart(transfers: QuerySet[CinTransfer], *, today: date) -> Widget:
    decided = transfers.filter(decided_at__date__gt=today - timedelta(weeks=WEEKS), referred_on__isnull=False).order_by(
        "decided_at"
    )
    limit = clocks.decision_due(date(2026, 1, 1)) - date(2026, 1, 1)
    bars = []
    for transfer in decided.only("referred_on", "decided_at", "id"):
        days = (timezone.localtime(transfer.decided_at).date() - transfer.referred_on).days
        bars.append(
            Bar(f"{timezone.localtime(transfer.decided_at):%-d %b}", days, RED if days > limit.days else "#1d70b8")
        )
    widget = Widget(
        title="Time to a decision",
        empty=f"No transfers were decided in the last {WEEKS} weeks.",
        team_kinds=("cin",),
    )
    if bars:
        widget.chart = bar_chart(
            bars,
            title=f"Days from referral to decision, transfers decided in the last {WEEKS} weeks, against the limit",
            axis_label="Days from referral to decision",
            limit=limit.days,
            limit_label=f"{limit.days}-day limit",
        )
        widget.chart_rows = [(f"Decided {bar.label}", f"{bar.value:g} days") for bar in bars]
    return widget


def dashboard_widgets(*, user, teams, today: date) -> list:
    team_ids = [team.pk for team in teams]
    transfers = CinTransfer.objects.all()
    widget = Widget(
        title="Transfers in and out", headers=["Child", "Direction", "Decision due", "Clock"], team_kinds=("cin",)
    )
    # Every count in one pass over the teams' transfers (issue 14).
    directions = {d: teams_condition(team_ids=team_ids, direction=d) for d in DIRECTIONS}
    rags = ("red", "amber", "green")
    numbers = transfers.filter(directions["in"] | directions["out"]).aggregate(
        **{
            f"{d}_{rag}": Tally("pk", filter=directions[d] & rag_condition(rag=rag, today=today))
            for d in DIRECTIONS
            for rag in rags
        },
        **weekly_counts(today=today),
    )
    for direction, label in DIRECTIONS.items():
        for rag in rags:
            url = (
                reverse("transfers:home")
                + f"?direction={direction}&rag={rag}&"
                + "&".join(f"team={t}" for t in team_ids)
            )
            number = numbers[f"{direction}_{rag}"]
            widget.counts.append(Count(f"{label}: {RAG_LABELS[rag]}", number, url, RAG_COLOURS[rag] if number else ""))
    undecided = (
        (
            for_teams(transfers, team_ids=team_ids, direction="in")
            | for_teams(transfers, team_ids=team_ids, direction="out")
        )
        .filter(state__in=CinTransfer.UNDECIDED, decision_due_on__isnull=False)
        .select_related("child", "sending_team", "receiving_authority")
        .order_by("decision_due_on")[:20]
    )
    for transfer in undecided:
        rag = clocks.rag(transfer.decision_due_on, today)
        direction = "Outgoing" if transfer.sending_team_id in team_ids else "Incoming"
        widget.rows.append(
            [
                {"text": transfer.child.full_name, "url": transfer.get_absolute_url()},
                direction,
                f"{transfer.decision_due_on:%-d %B %Y}",
                {"text": clocks.describe(transfer.decision_due_on, today), "colour": RAG_COLOURS[rag]},
            ]
        )
    widget.empty = "No transfers are waiting for a decision."
    either = for_teams(transfers, team_ids=team_ids, direction="in") | for_teams(
        transfers, team_ids=team_ids, direction="out"
    )
    charts = [
        _weekly_chart(numbers, today=today, title=f"Transfers referred in or out, each week for {WEEKS} weeks"),
        _decision_time_chart(either, today=today),
    ]
    return [widget, *charts]


def involvement(*, user, child) -> list[Involvement]:
    """Both sides of a transfer in progress, where the viewer may see the transfer."""
    open_transfers = CinTransfer.objects.filter(
        pk__in=selectors.transfer_list_for_user(user=user, child_id=child.pk).values("pk"),
        child=child,
        state__in=INVOLVING,
    ).select_related("sending_team__organisation", "receiving_team", "receiving_authority", "referred_by")
    return _involvement(open_transfers)


INVOLVING = [CinTransfer.State.REFERRED, CinTransfer.State.ACKNOWLEDGED, CinTransfer.State.DISPUTED]


def family(*, user, child, children) -> Later:
    """The open transfers of the children and those in progress for the child, read with every other
    app's part of the page."""
    transfers = (
        CinTransfer.objects.filter(pk__in=selectors.transfer_list_for_user(user=user).values("pk"))
        .filter(
            Q(child_id__in=[c.pk for c in children], state__in=CinTransfer.OPEN)
            | Q(child_id=child.pk, state__in=INVOLVING)
        )
        .select_related("sending_team__organisation", "receiving_team", "receiving_authority", "referred_by")
    )
    return Later(
        [transfers],
        lambda: (
            _open_work([t for t in transfers if t.state in CinTransfer.OPEN]),
            _involvement([t for t in transfers if t.child_id == child.pk and t.state in INVOLVING]),
        ),
    )


def _involvement(open_transfers) -> list[Involvement]:
    items = []
    for transfer in open_transfers:
        items.append(
            Involvement(
                organisation=transfer.sending_team.organisation.name,
                team=transfer.sending_team.name,
                person=str(transfer.referred_by) if transfer.referred_by else "",
                role=f"Transferring the case ({transfer.get_state_display().lower()})",
                since=transfer.referred_at,
                contact=transfer.referred_by.email if transfer.referred_by else "",
            )
        )
        items.append(
            Involvement(
                organisation=transfer.receiving_authority.name,
                team=transfer.receiving_team.name if transfer.receiving_team else "",
                role="Receiving authority: deciding on the transfer",
                since=transfer.referred_at,
                contact=transfer.receiving_team.email
                if transfer.receiving_team
                else transfer.receiving_authority.email,
            )
        )
    return items


def open_work(*, user, children) -> dict[int, list[OpenWork]]:
    open_transfers = CinTransfer.objects.filter(
        pk__in=selectors.transfer_list_for_user(user=user).values("pk"), child__in=children, state__in=CinTransfer.OPEN
    ).select_related("receiving_authority")
    return _open_work(open_transfers)


def _open_work(open_transfers) -> dict[int, list[OpenWork]]:
    work: dict[int, list[OpenWork]] = {}
    today = timezone.localdate()
    for transfer in open_transfers:
        status = transfer.get_state_display()
        if transfer.decision_due_on and transfer.is_undecided:
            status = f"{status}: {clocks.describe(transfer.decision_due_on, today)}"
        work.setdefault(transfer.child_id, []).append(
            OpenWork(
                f"Child in Need transfer to {transfer.receiving_authority}",
                transfer.get_absolute_url(),
                status,
                transfer.decision_due_on,
            )
        )
    return work


def timeline_sources(*, user, child) -> Later:
    """Transfers of the child the viewer may see (a declined transfer's reason stays with those it
    was between)."""
    transfers = selectors.transfer_list_for_user(user=user, child_id=child.pk).values_list("pk", flat=True)
    return Later(
        [transfers],
        lambda: [
            CinTransfer.history.filter(id__in=list(transfers)),
            FamilyUpdate.history.filter(transfer_id__in=list(transfers)),
            TransferDocument.history.filter(transfer_id__in=list(transfers)),
        ],
    )


def home_sections(*, user, today: date) -> Later:
    """Read with every other app's sections (issue 14)."""
    drafts = CinTransfer.objects.filter(created_by=user, state=CinTransfer.State.DRAFT).select_related(
        "child", "receiving_authority"
    )[:10]
    return Later([drafts], lambda: _home_sections(drafts))


def _home_sections(drafts) -> list[HomeSection]:
    return [
        HomeSection(
            "Your draft transfers",
            [
                OpenWork(f"{t.child.full_name} to {t.receiving_authority}", t.get_absolute_url(), "Draft")
                for t in drafts
            ],
            empty="You have no draft transfers.",
        )
    ]


class TransfersPlugin(Plugin):
    name = "transfers"
    dashboard_order = 20
    home_order = 40

    def timeline(self, *, user, child) -> Later:
        return timeline_sources(user=user, child=child)

    def involvement(self, *, user, child) -> list[Involvement]:
        return involvement(user=user, child=child)

    def open_work(self, *, user, children) -> dict[int, list[OpenWork]]:
        return open_work(user=user, children=children)

    def family(self, *, user, child, children):
        return family(user=user, child=child, children=children)

    def dashboard_widgets(self, *, user, teams, today) -> list[Widget]:
        return dashboard_widgets(user=user, teams=teams, today=today)

    def home_sections(self, *, user, today) -> Later:
        return home_sections(user=user, today=today)

    def subject_access_items(self, *, person, viewer) -> list:
        from transfers.subject_access import transfers_subject_access_items

        return transfers_subject_access_items(person=person)
