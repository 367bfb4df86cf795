"""Reads for MAST referrals and alerts, already filtered to what the user may see (DESIGN §5).

Who sees a referral: the referrer (a guardian row on their user), the MAST team of the authority
screening it or that screened it (guardian rows on the team's group), and anyone who may see the
child, once it has been sent. Everyone else gets a 404. No writes; lists join what their pages show.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portal import policies
from portal.access import objects_permitted_q
from portal.extensions import SourceRecord
from portal.models import Child, Organisation, Person, Relationship, Team, User
from portal.selectors import child_list_for_user, child_visible_q
from portal.viewer import viewer_facts
from referrals import clocks, rules
from referrals.models import MastAlert, MastReferral, Screening, ScreeningCheck, Urgency

_LIST_RELATED = ("child", "referrer", "referrer_organisation", "authority")


def _granted(user: User, permission: str, model, child_id: int | None = None) -> Q:
    """Objects of `model` on which the user holds `permission` (`child_id`: one child's only)."""
    return objects_permitted_q(user, model=model, codename=permission.rpartition(".")[2], child_id=child_id)


# --- Referrals -----------------------------------------------------------------------------------


def referral_list_for_user(*, user: User, child_id: int | None = None) -> QuerySet[MastReferral]:
    """`child_id` narrows it to one child's referrals, inside the permission filters too (issue 14)."""
    referrals = MastReferral.objects.all() if child_id is None else MastReferral.objects.filter(child_id=child_id)
    granted = _granted(user, "referrals.view_mastreferral", MastReferral, child_id)
    through_child = child_visible_q(user=user, child_id=child_id) & ~Q(status=MastReferral.Status.DRAFT)
    return referrals.filter(granted | through_child).select_related(*_LIST_RELATED)


def referral_get_for_user(*, user: User, pk: int) -> MastReferral:
    return get_object_or_404(
        referral_list_for_user(user=user).select_related(
            "consent_record__given_by_person",
            "sharing_decision__article_6_basis",
            "sharing_decision__article_9_condition",
            "sharing_decision__schedule_1_condition",
            "sharing_decision__legal_gateway",
        ),
        pk=pk,
    )


def referral_get_by_reference_for_user(*, user: User, reference: str) -> MastReferral | None:
    reference = reference.strip().upper()
    if not reference:
        return None
    return (
        referral_list_for_user(user=user).exclude(status=MastReferral.Status.DRAFT).filter(reference=reference).first()
    )


def draft_get_for_user(*, user: User, pk: int) -> MastReferral:
    """A draft is seen only by the person making it: anyone else gets a 404."""
    return get_object_or_404(
        MastReferral.objects.filter(referrer=user).select_related(
            "child__local_authority", "consent_record__given_by_person"
        ),
        pk=pk,
    )


def referrals_made_by(*, user: User) -> QuerySet[MastReferral]:
    return MastReferral.objects.filter(referrer=user).select_related(*_LIST_RELATED)


def referrals_for_child(*, user: User, child: Child) -> QuerySet[MastReferral]:
    return referral_list_for_user(user=user, child_id=child.pk).exclude(status=MastReferral.Status.DRAFT)


@dataclass
class OpenReferrals:
    """Referrals about the same child still waiting for an outcome: those the referrer may see, and
    how many others (from other agencies) there are."""

    visible: list[MastReferral]
    others: int

    def __bool__(self) -> bool:
        return bool(self.visible) or self.others > 0


def open_referrals_about_same_child(*, user: User, referral: MastReferral) -> OpenReferrals:
    """For the referrer before sending: the child's other open referrals (two queries)."""
    if referral.child_id is None:
        return OpenReferrals([], 0)
    open_ones = MastReferral.objects.filter(
        child_id=referral.child_id, status__in=[MastReferral.Status.SUBMITTED, MastReferral.Status.IN_SCREENING]
    ).exclude(pk=referral.pk)
    visible_ids = referral_list_for_user(user=user).values("pk")
    visible = list(open_ones.filter(pk__in=visible_ids).select_related(*_LIST_RELATED).order_by("submitted_at", "pk"))
    others = open_ones.exclude(pk__in=[r.pk for r in visible]).count()
    return OpenReferrals(visible, others)


def screening_queue_for_user(*, user: User, today: date | None = None) -> QuerySet[MastReferral]:
    """Referrals the user's MAST team is to screen: immediate ones first, then the overdue, then those
    due today, then the rest (`clocks.Band`); within each, most urgent, then by when due. An
    overdue standard referral comes before an urgent one that is still on time."""
    today = today or timezone.localdate()
    granted = _granted(user, "referrals.screen_mastreferral", MastReferral)
    band = Case(
        When(urgency=Urgency.IMMEDIATE, then=Value(int(clocks.Band.IMMEDIATE))),
        When(screening_due__lt=today, then=Value(int(clocks.Band.OVERDUE))),
        When(screening_due=today, then=Value(int(clocks.Band.DUE_TODAY))),
        default=Value(int(clocks.Band.LATER)),
    )
    return (
        MastReferral.objects.filter(
            granted, status__in=[MastReferral.Status.SUBMITTED, MastReferral.Status.IN_SCREENING]
        )
        .select_related(*_LIST_RELATED)
        .annotate(queue_band=band)
        .order_by("queue_band", "urgency", "screening_due", "submitted_at", "pk")
    )


def filter_queue(queue: QuerySet[MastReferral], *, today: date, authority_id: int | None = None, state: str = ""):
    """Narrow the queue: one authority's referrals; "overdue" or "due_today" by the screening clock."""
    if authority_id:
        queue = queue.filter(authority_id=authority_id)
    if state == "overdue":
        queue = queue.filter(screening_due__lt=today)
    elif state == "due_today":
        queue = queue.filter(screening_due=today)
    return queue


def recently_screened_for_user(*, user: User, limit: int = 20) -> QuerySet[Screening]:
    """Screenings the user's MAST teams decided lately, newest first."""
    # The authorities as values from the viewer's facts, not a sub-select: with one authority (nearly
    # always) PostgreSQL reads the newest from the `screening_decided` index instead of sorting every
    # decided screening of the authority (issue 14: 14,000 at scale).
    authorities = sorted({m.organisation_id for m in viewer_facts(user).memberships if m.team_kind == Team.Kind.MAST})
    return (
        Screening.objects.filter(authority_id__in=authorities)
        .exclude(outcome="")
        .select_related("referral__child", "referral__referrer_organisation", "decided_by", "passed_to")
        .order_by("-decided_at")[:limit]
    )


def referral_screenings(*, referral: MastReferral) -> list[Screening]:
    checks = ScreeningCheck.objects.select_related("recorded_by")
    return list(
        referral.screenings.select_related("authority", "started_by", "decided_by", "passed_to").prefetch_related(
            Prefetch("checks", queryset=checks)
        )
    )


def referral_history(*, referral: MastReferral) -> QuerySet:
    return referral.history.select_related("history_user").order_by("history_date")


def children_to_refer(*, user: User) -> QuerySet[Child]:
    """Children whose record the user works on: a referral records consent on that record."""
    return child_list_for_user(user=user, permission="portal.change_child")


def children_matching(*, identity: rules.ChildIdentity) -> list[Child]:
    """Records the typed details identify exactly (`rules.identity_match`), whoever holds them: for a
    referrer who does not work on the child. Nothing partial, so this cannot be used to browse."""
    conditions = Q()
    if identity.nhs_number:
        conditions |= Q(nhs_number=identity.nhs_number)
    if identity.has_full_name_and_date_of_birth:
        conditions |= Q(
            first_name__iexact=identity.first_name.strip(),
            last_name__iexact=identity.last_name.strip(),
            date_of_birth=identity.date_of_birth,
        )
    if not conditions:
        return []
    candidates = Child.objects.filter(conditions).select_related("local_authority", "allocated_team__organisation")
    return [child for child in candidates[:10] if rules.identity_match(child, identity)]


def parents_with_responsibility(*, child: Child | None) -> list[Relationship]:
    """One relationship per person with parental responsibility for the child."""
    if child is None:
        return []
    links = (
        Relationship.objects.filter(child=child, has_parental_responsibility=True)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    seen: dict[int, Relationship] = {}
    for link in links:
        seen.setdefault(link.person_id, link)
    return list(seen.values())


def has_parental_responsibility(*, person: Person, child_id: int | None) -> bool:
    """Whether the person is recorded with parental responsibility for the child."""
    if child_id is None:
        return False
    return Relationship.objects.filter(child_id=child_id, person=person, has_parental_responsibility=True).exists()


def mast_teams(*, authority: Organisation) -> list[Team]:
    """The local authority's MAST teams (with the groups their permissions are granted to)."""
    return list(policies.teams_of_kind(organisation=authority, kind=Team.Kind.MAST))


def mast_members(*, teams: list[Team]) -> list[User]:
    """The active members of those MAST teams, each once: who is told what reaches MAST."""
    return list(policies.members_of(teams=teams))


def is_mast_member(*, user: User) -> bool:
    return viewer_facts(user).in_team_of_kind(Team.Kind.MAST)


def is_mast_for(*, user: User, screenings: list[Screening]) -> bool:
    """A member of the MAST team of an authority that screened, or is screening, the referral: they
    see the checks made with other agencies, which the referrer does not."""
    authorities = {screening.authority_id for screening in screenings}
    return Team.objects.filter(memberships__user=user, kind=Team.Kind.MAST, organisation_id__in=authorities).exists()


@dataclass
class QueueRow:
    referral: MastReferral
    rag: str
    overdue: bool
    # For an immediate referral: whole hours since MAST received it (its clock is hours, not days).
    hours_waiting: int | None = None


def queue_rows(*, referrals, today: date, now: datetime | None = None) -> list[QueueRow]:
    now = now or timezone.now()
    return [
        QueueRow(
            referral=referral,
            rag=clocks.rag(referral.screening_due, today),
            overdue=clocks.is_overdue(referral.screening_due, today),
            hours_waiting=(
                clocks.hours_since(referral.submitted_at, now)
                if referral.urgency == Urgency.IMMEDIATE and referral.submitted_at
                else None
            ),
        )
        for referral in referrals
    ]


def local_authorities() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY)


# --- Alerts --------------------------------------------------------------------------------------


def alert_list_for_user(*, user: User, child_id: int | None = None) -> QuerySet[MastAlert]:
    """Alerts the user raised, and those sent to their MAST team (`child_id`: one child's only)."""
    alerts = MastAlert.objects.all() if child_id is None else MastAlert.objects.filter(child_id=child_id)
    return alerts.filter(_granted(user, "referrals.view_mastalert", MastAlert, child_id)).select_related(
        "authority", "raised_by", "raised_by_organisation", "child", "referral"
    )


def alert_get_for_user(*, user: User, pk: int) -> MastAlert:
    return get_object_or_404(
        alert_list_for_user(user=user).select_related("acknowledged_by", "closed_by", "transfer_type"), pk=pk
    )


def alert_reader_teams(*, alert: MastAlert, team_kinds: list[str]) -> list[Team]:
    """The receiving authority's teams of those kinds (not MAST), with their groups."""
    if not team_kinds:
        return []
    return list(
        Team.objects.filter(organisation_id=alert.authority_id, kind__in=team_kinds)
        .exclude(kind=Team.Kind.MAST)
        .select_related("group")
    )


def alert_as_source(*, user: User, pk: int) -> SourceRecord | None:
    """A "moved in" alert the user may read, as the start of a transfer request (registered in
    apps.py); None for any other."""
    alert = alert_list_for_user(user=user).filter(pk=pk, kind=MastAlert.Kind.CIN_MOVED_IN).first()
    if alert is None:
        return None
    raised_by = alert.raised_by_organisation or alert.raised_by
    return SourceRecord(
        record=alert,
        child_first_name=alert.child.first_name if alert.child else alert.child_first_name,
        child_last_name=alert.child.last_name if alert.child else alert.child_last_name,
        child_date_of_birth=alert.child_date_of_birth,
        child_address=alert.current_address,
        previous_area=alert.previous_area,
        how_learned=f"A MAST alert from {raised_by} on {timezone.localtime(alert.raised_at):%-d %B %Y}: "
        f"{alert.what_is_known}",
    )


def open_alerts_for_mast(*, user: User) -> QuerySet[MastAlert]:
    """Alerts the user's MAST team is to act on, oldest first."""
    return (
        MastAlert.objects.filter(_granted(user, "referrals.act_on_mastalert", MastAlert))
        .exclude(status=MastAlert.Status.CLOSED)
        .select_related("authority", "raised_by_organisation", "child", "referral")
        .order_by("raised_at", "pk")
    )


def queue_counts(*, user: User) -> dict[str, int]:
    referrals = screening_queue_for_user(user=user).aggregate(n=Count("pk"))["n"]
    return {"referrals": referrals, "alerts": open_alerts_for_mast(user=user).count()}


def escalations_finished_screening(*, ids: list[int]) -> set[int]:
    """A screening is finished once its outcome is recorded (registered in apps.py)."""
    return set(Screening.objects.filter(pk__in=ids).exclude(outcome="").values_list("pk", flat=True))
