"""The team manager's dashboard: the core's widgets (escalations and workload). The workflow apps
add theirs through their portal.extensions.Plugin."""

from datetime import date

from django.db.models import Count as Tally
from django.db.models import Q, Window
from django.urls import reverse

from portal.extensions import Count, Widget
from portal.models import Child, Escalation, Team, User
from portal.text import date_text


def core_widgets(*, user: User, teams: list[Team], today: date) -> list[Widget]:
    open_assigned = Escalation.objects.filter(assignments__user=user).exclude(status=Escalation.Status.RESOLVED).count()
    widgets = [
        Widget(
            title="Escalations assigned to you",
            counts=[
                Count(
                    "Open escalations",
                    open_assigned,
                    reverse("portal:escalation_list") + "?assigned=me",
                    "red" if open_assigned else "green",
                )
            ],
        )
    ]
    team_ids = [team.pk for team in teams]
    # The first 25 and how many there are in all, in one query (the count is a window over the rows).
    to_allocate = list(
        Child.objects.filter(allocated_team_id__in=team_ids, allocated_worker__isnull=True)
        .select_related("allocated_team")
        .annotate(waiting=Window(Tally("pk")))
        .order_by("allocated_on", "pk")[:25]
    )
    to_allocate_count = to_allocate[0].waiting if to_allocate else 0
    widgets.append(
        Widget(
            title="Children to allocate",
            counts=[
                Count(
                    "Waiting for a worker",
                    to_allocate_count,
                    reverse("portal:child_list") + "?to_allocate=1",
                    "red" if to_allocate_count else "green",
                )
            ],
            headers=["Child", "Team", "Level of need", "Since"],
            rows=[
                [
                    {"text": child.full_name, "url": reverse("portal:child_allocate", args=[child.pk])},
                    child.allocated_team.name if child.allocated_team else "",
                    child.get_tier_display(),
                    date_text(child.allocated_on) if child.allocated_on else "",
                ]
                for child in to_allocate
            ],
            empty="No child is waiting for a worker.",
        )
    )
    workers = (
        User.objects.filter(memberships__team_id__in=team_ids, is_active=True)
        .annotate(
            allocated=Tally(
                "allocated_children", filter=Q(allocated_children__allocated_team_id__in=team_ids), distinct=True
            )
        )
        .distinct()
        .order_by("-allocated", "last_name", "first_name")
    )
    rows = [
        [
            str(worker),
            {"text": str(worker.allocated), "url": reverse("portal:child_list") + f"?worker={worker.pk}"},
        ]
        for worker in workers
    ]
    widgets.append(
        Widget(
            title="Workload by worker",
            headers=["Worker", "Children allocated"],
            rows=rows,
            empty="Nobody is in your teams yet.",
        )
    )
    return widgets
