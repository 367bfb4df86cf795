"""Information governance's part of the whole picture: timeline, who is involved, open work, the
team manager's dashboard and the practitioner's home page (registered in SharingConfig.ready)."""

from datetime import date, timedelta

from django.db.models import Count as Tally
from django.db.models import Q
from django.urls import reverse

from portal.extensions import Count, HomeSection, Involvement, Later, OpenWork, Plugin, Widget
from portal.models import TeamMembership
from portal.templatetags.portal_text import lowerfirst
from portal.text import date_text
from sharing import selectors
from sharing.models import ConsentRecord, PrivacyNotice, SharingDecision

DUE_SOON_DAYS = 7


def timeline_sources(*, user, child) -> Later:
    """Consent and privacy notices go with the child's record (the caller checked the viewer may see
    it); decisions as the decision list allows."""
    decisions = selectors.decision_list_for_user(user=user, child_id=child.pk).values_list("pk", flat=True)
    return Later(
        [decisions],
        lambda: [
            ConsentRecord.history.filter(child_id=child.pk),
            SharingDecision.history.filter(id__in=list(decisions)),
            PrivacyNotice.history.filter(child_id=child.pk),
        ],
    )


def involvement(*, user, child) -> list[Involvement]:
    """Those information was shared with, for as long as the decision stands."""
    shared = SharingDecision.objects.filter(
        pk__in=selectors.decision_list_for_user(user=user, child_id=child.pk).values("pk"), child=child, **SHARED
    ).select_related("recipient_organisation", "recipient_user")
    return _involvement(shared)


SHARED = {"status": SharingDecision.Status.COMPLETED, "outcome": SharingDecision.Outcome.SHARE}


def _involvement(shared) -> list[Involvement]:
    return [
        Involvement(
            organisation=d.recipient_organisation.name if d.recipient_organisation else "",
            person=str(d.recipient_user) if d.recipient_user else d.recipient_name,
            role=f"Information shared with them: {lowerfirst(d.get_purpose_display())}",
            since=d.shared_on or d.completed_at,
            contact=d.recipient_user.email if d.recipient_user else "",
        )
        for d in shared
    ]


def open_work(*, user, children) -> dict[int, list[OpenWork]]:
    ids = [child.pk for child in children]
    decisions = SharingDecision.objects.filter(
        child_id__in=ids, pk__in=selectors.decision_list_for_user(user=user).values("pk")
    ).exclude(status=SharingDecision.Status.COMPLETED)
    return _open_work(decisions, ids)


def family(*, user, child, children) -> Later:
    """The open decisions about the children and those that shared the child's information, and the
    privacy notices due, read with every other app's part of the page."""
    ids = [c.pk for c in children]
    decisions = (
        SharingDecision.objects.filter(pk__in=selectors.decision_list_for_user(user=user).values("pk"))
        .filter((Q(child_id__in=ids) & ~Q(status=SharingDecision.Status.COMPLETED)) | Q(child_id=child.pk, **SHARED))
        .select_related("recipient_organisation", "recipient_user")
    )
    notices = _pending_notices(ids)
    completed = SharingDecision.Status.COMPLETED

    def then():
        return (
            _open_work([d for d in decisions if d.status != completed], ids, notices),
            _involvement([d for d in decisions if d.status == completed]),
        )

    return Later([decisions, notices], then)


def _pending_notices(ids: list[int]):
    return PrivacyNotice.objects.filter(child_id__in=ids, status=PrivacyNotice.Status.PENDING).select_related("person")


def _open_work(decisions, ids: list[int], notices=None) -> dict[int, list[OpenWork]]:
    work: dict[int, list[OpenWork]] = {}
    for d in decisions:
        work.setdefault(d.child_id, []).append(
            OpenWork("Decision on sharing information", d.get_absolute_url(), d.get_status_display())
        )
    for n in _pending_notices(ids) if notices is None else notices:
        work.setdefault(n.child_id, []).append(
            OpenWork(f"Privacy information for {n.person.full_name}", n.get_absolute_url(), "Pending", n.due_on)
        )
    return work


def notices_for_teams(*, team_ids: list[int]):
    return PrivacyNotice.objects.filter(
        Q(child__allocated_team_id__in=team_ids) | Q(responsible__memberships__team_id__in=team_ids),
        status=PrivacyNotice.Status.PENDING,
    ).distinct()


def notices_in_state(notices, *, state: str, today: date):
    if state == "overdue":
        return notices.filter(due_on__lt=today)
    if state == "due":
        return notices.filter(due_on__gte=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS))
    return notices


def dashboard_widgets(*, user, teams, today: date) -> list[Widget]:
    counts = []
    # Each team's two counts, every team in one pass (the same notices as notices_for_teams, the same
    # states as notices_in_state; members by sub-select, so no join multiplies a notice).
    soon = today + timedelta(days=DUE_SOON_DAYS)

    def of_team(team_ids: list[int]) -> Q:
        members = TeamMembership.objects.filter(team_id__in=team_ids).values("user_id")
        return Q(child__allocated_team_id__in=team_ids) | Q(responsible_id__in=members)

    states = {"overdue": Q(due_on__lt=today), "due": Q(due_on__gte=today, due_on__lte=soon)}
    numbers = (
        PrivacyNotice.objects.filter(of_team([team.pk for team in teams]), status=PrivacyNotice.Status.PENDING)
        .order_by()
        .aggregate(
            **{
                f"{state}_{team.pk}": Tally("pk", filter=of_team([team.pk]) & condition)
                for team in teams
                for state, condition in states.items()
            }
        )
    )
    for team in teams:
        url = reverse("sharing:privacy_notice_list") + f"?team={team.pk}"
        overdue, due = numbers[f"overdue_{team.pk}"], numbers[f"due_{team.pk}"]
        counts += [
            Count(
                f"{team.name}: privacy information overdue",
                overdue,
                f"{url}&state=overdue",
                "red" if overdue else "green",
            ),
            Count(
                f"{team.name}: due in the next {DUE_SOON_DAYS} days",
                due,
                f"{url}&state=due",
                "orange" if due else "green",
            ),
        ]
    return [Widget(title="Privacy information owed to significant others", counts=counts)]


def home_sections(*, user, today: date) -> Later:
    """Read with every other app's sections (issue 14)."""
    drafts = SharingDecision.objects.filter(made_by=user).exclude(status=SharingDecision.Status.COMPLETED)
    drafts = drafts.select_related("child").order_by("-started_at")[:10]
    notices = PrivacyNotice.objects.filter(
        responsible=user, status=PrivacyNotice.Status.PENDING, due_on__lte=today + timedelta(days=DUE_SOON_DAYS)
    ).select_related("person")[:10]
    shared_with_you = selectors.disclosure_list_for_user(user=user)[:10]
    return Later([drafts, notices, shared_with_you], lambda: _home_sections(drafts, notices, shared_with_you, today))


def _home_sections(drafts, notices, shared_with_you, today: date) -> list[HomeSection]:
    # Only for those who have been sent something: most practitioners never are.
    disclosures = [
        HomeSection(
            "Information shared with you",
            [
                OpenWork(
                    f"About {d.child.full_name}, from {d.organisation.name}",
                    _disclosure_url(d),
                    f"shared {date_text(d.shared_on)}" if d.shared_on else "",
                )
                for d in shared_with_you
            ],
        )
    ]
    return (disclosures if shared_with_you else []) + [
        HomeSection(
            "Your unfinished sharing decisions",
            [OpenWork(f"About {d.child.full_name}", d.get_absolute_url(), d.get_status_display()) for d in drafts],
            empty="You have no unfinished sharing decisions.",
        ),
        HomeSection(
            "Privacy information due from you this week",
            [
                OpenWork(f"{n.person.full_name}", n.get_absolute_url(), "Overdue" if n.due_on < today else "", n.due_on)
                for n in notices
            ],
            empty="No privacy information is due from you this week.",
        ),
    ]


def _disclosure_url(decision: SharingDecision) -> str:
    return reverse("sharing:disclosure_detail", args=[decision.pk])


class SharingPlugin(Plugin):
    name = "sharing"
    dashboard_order = 60
    home_order = 20

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
        from sharing.subject_access import sharing_subject_access_items

        return sharing_subject_access_items(person=person)
