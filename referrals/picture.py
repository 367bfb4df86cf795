"""MAST referrals' part of the whole picture: the child's timeline, who is involved, open work, the
MAST team manager's dashboard and the home page (registered in ReferralsConfig.ready). Each function
runs a fixed number of queries however many records there are."""

from datetime import date

from django.db.models import BooleanField, Case, F, OuterRef, Q, Subquery, Value, When, Window
from django.db.models import Count as Tally
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse

from portal.extensions import Count, HomeSection, Involvement, Later, OpenWork, Plugin, Widget
from portal.models import Organisation, Team
from referrals import selectors
from referrals.models import MastAlert, MastReferral, Screening, ScreeningCheck

HOME_LIMIT = 10


def timeline_sources(*, user, child) -> Later:
    """Sent referrals the viewer may see and their screening, and alerts the viewer may see. Drafts
    stay private to their maker: their versions are left out, so the first entry is the referral
    being sent."""
    referrals = selectors.referral_list_for_user(user=user, child_id=child.pk).values_list("pk", flat=True)
    alerts = selectors.alert_list_for_user(user=user, child_id=child.pk).values_list("pk", flat=True)

    def sources() -> list:
        referral_ids = list(referrals)
        screenings = Screening.objects.filter(referral_id__in=referral_ids).values("pk")
        return [
            MastReferral.history.filter(id__in=referral_ids).exclude(status=MastReferral.Status.DRAFT),
            Screening.history.filter(referral_id__in=referral_ids),
            ScreeningCheck.history.filter(screening_id__in=screenings),
            MastAlert.history.filter(id__in=list(alerts)),
        ]

    return Later([referrals, alerts], sources)


def involvement(*, user, child) -> list[Involvement]:
    """Whoever referred the child to MAST. (MAST itself appears through its access on the basis of
    the referral, which the core lists.)"""
    sent = (
        MastReferral.objects.filter(
            child_id=child.pk, pk__in=selectors.referral_list_for_user(user=user, child_id=child.pk).values("pk")
        )
        .exclude(status=MastReferral.Status.DRAFT)
        .select_related("referrer", "referrer_organisation")
        .order_by("submitted_at")
    )
    return _involvement(sent)


def _involvement(sent) -> list[Involvement]:
    return [
        Involvement(
            organisation=referral.referrer_organisation.name if referral.referrer_organisation else "",
            person=str(referral.referrer),
            role=f"Referred the child to MAST ({referral.reference})",
            since=referral.submitted_at,
            contact=referral.referrer.email,
        )
        for referral in sent
    ]


OPEN = [MastReferral.Status.SUBMITTED, MastReferral.Status.IN_SCREENING]


def open_work(*, user, children) -> dict[int, list[OpenWork]]:
    open_referrals = MastReferral.objects.filter(
        pk__in=selectors.referral_list_for_user(user=user).values("pk"),
        child_id__in=[child.pk for child in children],
        status__in=OPEN,
    ).select_related("authority")
    return _open_work(open_referrals)


def family(*, user, child, children) -> Later:
    """The open referrals about the children and the referrals sent about the child, read with every
    other app's part of the page."""
    referrals = (
        MastReferral.objects.filter(pk__in=selectors.referral_list_for_user(user=user).values("pk"))
        .filter(
            Q(child_id__in=[c.pk for c in children], status__in=OPEN)
            | (Q(child_id=child.pk) & ~Q(status=MastReferral.Status.DRAFT))
        )
        .select_related("authority", "referrer", "referrer_organisation")
        .order_by("submitted_at", "pk")
    )
    return Later(
        [referrals],
        lambda: (
            _open_work([r for r in referrals if r.status in OPEN]),
            _involvement([r for r in referrals if r.child_id == child.pk and r.status != MastReferral.Status.DRAFT]),
        ),
    )


def _open_work(open_referrals) -> dict[int, list[OpenWork]]:
    work: dict[int, list[OpenWork]] = {}
    for referral in open_referrals:
        work.setdefault(referral.child_id, []).append(
            OpenWork(
                f"MAST referral {referral.reference} to {referral.authority.name}",
                referral.get_absolute_url(),
                referral.get_status_display(),
                referral.screening_due,
            )
        )
    return work


def dashboard_widgets(*, user, teams, today: date) -> list[Widget]:
    """For managers of a MAST team: the screening clock and the alerts waiting."""
    authorities = {team.organisation_id: team for team in teams if team.kind == Team.Kind.MAST}
    if not authorities:
        return []
    queue = selectors.screening_queue_for_user(user=user)
    alerts = selectors.open_alerts_for_mast(user=user)

    def per_authority(records, **condition) -> Subquery:
        counted = records.filter(authority_id=OuterRef("pk"), **condition).order_by().values("authority_id")
        return Coalesce(Subquery(counted.annotate(n=Tally("pk")).values("n")), 0)

    # Every authority's four numbers in one query (the same conditions as filter_queue).
    numbers = {
        row["pk"]: row
        for row in Organisation.objects.filter(pk__in=authorities)
        .order_by()
        .values("pk")
        .annotate(
            waiting=per_authority(queue),
            overdue=per_authority(queue, screening_due__lt=today),
            due_today=per_authority(queue, screening_due=today),
            alerts=per_authority(alerts),
        )
    }
    widgets = []
    for authority_id, team in authorities.items():
        base = reverse("referrals:queue") + f"?authority={authority_id}"
        mine = numbers[authority_id]
        overdue, due_today, waiting_alerts = mine["overdue"], mine["due_today"], mine["alerts"]
        widgets.append(
            Widget(
                title=f"{team.name}, {team.organisation.name}: screening",
                team_kinds=("mast",),
                counts=[
                    Count("Referrals waiting for screening", mine["waiting"], base),
                    Count("Screening overdue", overdue, f"{base}&state=overdue", "red" if overdue else "green"),
                    Count(
                        "Screening due today", due_today, f"{base}&state=due_today", "orange" if due_today else "green"
                    ),
                    Count(
                        "Open alerts to MAST",
                        waiting_alerts,
                        reverse("referrals:alert_list") + f"?state=open&authority={authority_id}",
                        "orange" if waiting_alerts else "green",
                    ),
                ],
            )
        )
    return widgets


def _own_open_referrals(made):
    """The referrer's latest drafts and their referrals waiting for an outcome (soonest due first),
    up to HOME_LIMIT of each, in one query: each row is numbered within its group by a window."""
    Status = MastReferral.Status
    is_draft = Case(When(status=Status.DRAFT, then=Value(True)), default=Value(False), output_field=BooleanField())
    return (
        made.filter(status__in=[Status.DRAFT, Status.SUBMITTED, Status.IN_SCREENING])
        .annotate(
            home_rank=Window(
                RowNumber(),
                partition_by=[is_draft],
                order_by=[
                    Case(When(status=Status.DRAFT, then=F("updated_at"))).desc(),
                    F("screening_due").asc(),
                    F("pk").asc(),
                ],
            )
        )
        .filter(home_rank__lte=HOME_LIMIT)
        .order_by("home_rank")
    )


def home_sections(*, user, today: date) -> Later:
    """The referrer's drafts and referrals waiting, and MAST's queue, read with every other app's
    sections (issue 14)."""
    is_mast = selectors.is_mast_member(user=user)
    made = selectors.referrals_made_by(user=user)
    # MAST's own staff see their queue; the referrer's sections only if they have made referrals.
    own = None
    if user.has_perm("referrals.add_mastreferral") and (not is_mast or made.exists()):
        own = _own_open_referrals(made)
    queue = None
    if user.has_perm("referrals.screen_mastreferral") and is_mast:
        queue = selectors.screening_queue_for_user(user=user)[:HOME_LIMIT]
    reads = [qs for qs in (own, queue) if qs is not None]
    return Later(reads, lambda: _home_sections(own, queue, today))


def _home_sections(own, queue, today: date) -> list[HomeSection]:
    sections = []
    if own is not None:
        drafts = [r for r in own if r.status == MastReferral.Status.DRAFT]
        waiting = [r for r in own if r.status != MastReferral.Status.DRAFT]
        sections += [
            HomeSection(
                "Your unfinished MAST referrals",
                [
                    OpenWork(
                        f"About {d.child.full_name}" if d.child_id else "Child not chosen yet",
                        reverse("referrals:resume", args=[d.pk]),
                        "Draft",
                    )
                    for d in drafts
                ],
                empty="You have no unfinished MAST referrals.",
            ),
            HomeSection(
                "Your MAST referrals waiting for an outcome",
                [OpenWork(r.reference, r.get_absolute_url(), r.get_status_display(), r.screening_due) for r in waiting],
                empty="None of your referrals is waiting for an outcome.",
            ),
        ]
    if queue is not None:
        sections.append(
            HomeSection(
                "Referrals for your MAST to screen",
                [
                    OpenWork(
                        f"{r.reference}: {r.get_urgency_display().split(':')[0]}",
                        r.get_absolute_url(),
                        "Overdue" if r.screening_due < today else r.get_status_display(),
                        r.screening_due,
                    )
                    for r in queue
                ],
                empty="No referrals are waiting for your MAST.",
            )
        )
    return sections


class ReferralsPlugin(Plugin):
    name = "referrals"
    dashboard_order = 30
    home_order = 10

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
        from referrals.subject_access import referrals_subject_access_items

        return referrals_subject_access_items(person=person)
