"""Exploitation intelligence in the whole picture. A child's pages say only that the Child
Exploitation team holds intelligence and how to reach them — never what it says (issue 16); the
team's manager sees the queue's clock on the dashboard; the team and submitters see their work on
their home pages. Each hook runs a fixed number of queries however many items there are."""

from datetime import date

from django.db.models import Min
from django.urls import reverse

from intelligence import selectors
from intelligence.models import IntelligenceItem, ItemChild
from portal.extensions import Count, HomeSection, Involvement, Later, OpenWork, Plugin, Widget
from portal.models import Team

Item = IntelligenceItem
HELD = "Exploitation intelligence held — contact the Child Exploitation team"


class IntelligencePlugin(Plugin):
    name = "intelligence"
    dashboard_order = 60
    home_order = 60

    def involvement(self, *, user, child) -> list[Involvement]:
        held = (
            ItemChild.objects.filter(child=child)
            .exclude(item__state=Item.State.DRAFT)
            .values("item__authority_id")
            .annotate(since=Min("item__submitted_at"))
        )
        since = {row["item__authority_id"]: row["since"] for row in held}
        if not since:
            return []
        teams = Team.objects.filter(kind=Team.Kind.CHILD_EXPLOITATION, organisation_id__in=since).select_related(
            "organisation"
        )
        found = {}
        for team in teams:
            found.setdefault(team.organisation_id, team)
        return [
            Involvement(
                organisation=found[pk].organisation.name if pk in found else "The local authority",
                team=found[pk].name if pk in found else "Child Exploitation team",
                role=HELD,
                since=since[pk],
                contact=", ".join(part for part in [found[pk].phone, found[pk].email] if part) if pk in found else "",
            )
            for pk in since
        ]

    def open_work(self, *, user, children) -> dict[int, list[OpenWork]]:
        held = selectors.children_with_intelligence(child_ids=[child.pk for child in children])
        return {pk: [OpenWork(label=HELD, url=reverse("portal:child_involved", args=[pk]))] for pk in held}

    def dashboard_widgets(self, *, user, teams, today: date) -> list[Widget]:
        if not any(team.kind == Team.Kind.CHILD_EXPLOITATION for team in teams):
            return []
        queue = reverse("intelligence:queue")
        widget = Widget(
            title="Exploitation intelligence",
            team_kinds=(Team.Kind.CHILD_EXPLOITATION,),
            empty="No intelligence is waiting for your team.",
        )
        counts = selectors.queue_counts(user=user, today=today)
        widget.counts = [
            Count("New, to assess", counts["new"], f"{queue}?show=new"),
            Count(
                "Not assessed within one working day",
                counts["overdue"],
                f"{queue}?show=overdue",
                "red" if counts["overdue"] else "",
            ),
            Count("Assessed or linked, to decide", counts["to_decide"], f"{queue}?show=open"),
        ]
        return [widget]

    def subject_access_items(self, *, person, viewer) -> list:
        from intelligence.subject_access import intelligence_subject_access_items

        return intelligence_subject_access_items(person=person)

    def home_sections(self, *, user, today: date) -> Later:
        """Read with every other app's sections (issue 14)."""
        waiting = None
        if selectors.is_ce_member(user):
            waiting = selectors.queue_for_user(user=user, show=Item.State.NEW)[:10]
        drafts = selectors.items_submitted_by(user=user).filter(state=Item.State.DRAFT)[:10]
        return Later([qs for qs in (waiting, drafts) if qs is not None], lambda: _home_sections(waiting, drafts))


def _home_sections(waiting, drafts) -> list[HomeSection]:
    sections = []
    if waiting is not None:
        sections.append(
            HomeSection(
                title="Intelligence to assess",
                items=[
                    OpenWork(
                        label=f"{item.reference}: {item.get_kind_display() or 'type not given'}",
                        url=item.get_absolute_url(),
                        status=item.get_state_display(),
                        due=item.assess_due_on,
                    )
                    for item in waiting
                ],
                empty="No new intelligence to assess.",
            )
        )
    items = [
        OpenWork(label=f"Intelligence draft {d.reference}", url=d.get_absolute_url(), status="Draft") for d in drafts
    ]
    if items:
        sections.append(HomeSection(title="Intelligence drafts to finish", items=items))
    return sections
