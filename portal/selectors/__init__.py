"""Reads for views, dashboards and tasks, already filtered to what the user may see (DESIGN §5).
No writes; every list is fetched with what its page shows joined in."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from portal import policies, rules
from portal.access import grant_in_force, object_permissions, objects_permitted_q
from portal.models import (
    AccessEvent,
    Child,
    ChildAccessGrant,
    ChildGroupObjectPermission,
    ChildUserObjectPermission,
    Escalation,
    Organisation,
    Person,
    Relationship,
    Team,
    User,
)
from portal.selectors.access_bases import (  # noqa: F401 (re-exported)
    child_access_bases,
    child_access_basis,
    child_access_grants_in_force,
    child_read_bases,
    child_record_holder_id,
)
from portal.selectors.teams import (  # noqa: F401 (re-exported: portal.selectors is the one place to read from)
    UNREAD_SHOWN,
    Unread,
    Workload,
    memberships_of,
    notification_get_for_user,
    notification_list_for_user,
    notification_unread_count,
    notifications_unread,
    organisation_name_of,
    role_labels,
    team_members,
    team_workload,
    teams_managed,
    teams_managed_by,
    teams_of,
    teams_workload,
    user_roles,
)

# --- Children ------------------------------------------------------------------------------------

SAME_NHS_NUMBER = "the same NHS number"  # why a possible duplicate matched


def child_list_for_user(
    *, user: User, permission: str = "portal.view_child", child_id: int | None = None
) -> QuerySet[Child]:
    """Children the user may see through object permissions only: a model-level permission or
    superuser status never opens every child.

    `child_id` narrows it to one child inside the permission filter as well, so asking about one
    child looks up that child's rows instead of hashing every child the user may see (issue 14: a
    heavy worker's timeline hashed ~2,000 grants once per part of the page)."""
    base = Child.objects.select_related("local_authority", "allocated_worker", "allocated_team__organisation")
    if not user.is_authenticated or not user.is_active:
        return base.none()
    if child_id is not None:
        base = base.filter(pk=child_id)
    return base.filter(child_visible_q(user=user, field="pk", permission=permission, child_id=child_id))


def child_visible_q(
    *, user: User, field: str = "child", permission: str = "portal.view_child", child_id: int | None = None
) -> Q:
    """Rows whose `field` is a child the user may see, for another model's filter: matched against
    the permission rows themselves. Filtering on `child__in=child_list_for_user(...)` instead made
    PostgreSQL scan all the children to find the visible ones (issue 14: ~28 ms a time at 100,000).
    `child_id` narrows the permission rows to that one child."""
    return objects_permitted_q(
        user, model=Child, codename=permission.rpartition(".")[2], field=field, child_id=child_id
    )


def child_get_for_user(*, user: User, pk: int) -> Child:
    """The child, or 404 for anyone who may not see it."""
    return get_object_or_404(child_list_for_user(user=user, child_id=pk))


def child_search(
    *, user: User, name: str = "", date_of_birth: date | None = None, nhs_number: str = ""
) -> QuerySet[Child]:
    children = child_list_for_user(user=user)
    for word in name.split():
        children = children.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(other_names__icontains=word)
        )
    if date_of_birth:
        children = children.filter(date_of_birth=date_of_birth)
    if nhs_number:
        children = children.filter(nhs_number=rules.normalise_nhs_number(nhs_number))
    return children


@dataclass
class PossibleDuplicate:
    child: Child
    reason: str
    visible: bool
    # Whether the user works in the organisation holding the record: only then are they told which
    # team holds it. Anyone else learns only that a matching record exists (and MAST is told).
    same_holder: bool = False


def child_possible_duplicates(
    *,
    user: User,
    nhs_number: str,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    exclude_pk: int | None = None,
) -> list[PossibleDuplicate]:
    """Existing children that may be the same child: the same NHS number, or the same name and
    date of birth. Records the user may not see are reported without their details."""
    conditions = Q()
    nhs = rules.normalise_nhs_number(nhs_number)
    if nhs:
        conditions |= Q(nhs_number=nhs)
    if date_of_birth and first_name and last_name:
        conditions |= Q(
            first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip(), date_of_birth=date_of_birth
        )
    if not conditions:
        return []
    matching = Child.objects.filter(conditions).select_related("local_authority", "allocated_team__organisation")
    if exclude_pk:
        matching = matching.exclude(pk=exclude_pk)
    candidates = list(matching[:10])
    visible = set(child_list_for_user(user=user).filter(pk__in=[c.pk for c in candidates]).values_list("pk", flat=True))
    return [
        PossibleDuplicate(
            child=c,
            reason=SAME_NHS_NUMBER if nhs and c.nhs_number == nhs else "the same name and date of birth",
            visible=c.pk in visible,
            same_holder=user.organisation_id is not None and user.organisation_id == child_record_holder_id(child=c),
        )
        for c in candidates
    ]


def child_relationships(*, child: Child) -> list[Relationship]:
    return list(child.relationships.select_related("person").order_by("kind", "person__last_name"))


def child_permissions_for_user(*, user: User, child: Child) -> set[str]:
    return object_permissions(user, child)


@dataclass
class AccessReason:
    basis: str
    level: str
    since: datetime | None
    expires_at: datetime | None = None


@dataclass
class AccessEntry:
    """One user or team with access to a child, and every reason for it."""

    name: str
    kind: str  # "user" or "team"
    detail: str
    permissions: set[str] = field(default_factory=set)
    reasons: list[AccessReason] = field(default_factory=list)


def child_allocation_grants(*, child: Child) -> QuerySet[ChildAccessGrant]:
    """The unrevoked grants the child's allocation (worker and team) rests on."""
    return ChildAccessGrant.objects.filter(
        child=child,
        revoked_at__isnull=True,
        basis__in=[ChildAccessGrant.Basis.ALLOCATED_WORKER, ChildAccessGrant.Basis.ALLOCATED_TEAM],
    ).select_related("user", "team__group")


def child_access_list(*, child: Child) -> list[AccessEntry]:
    """Everyone with access to the child, from the guardian rows that are actually in force, with
    the recorded basis for each. Rows with no recorded basis (given by an administrator in the
    admin site) are shown as such rather than hidden."""
    entries: dict[tuple[str, int], AccessEntry] = {}

    team_perms = list(
        ChildGroupObjectPermission.objects.filter(content_object=child).select_related(
            "permission", "group__team__organisation"
        )
    )
    member_counts = dict(
        Team.objects.filter(group_id__in={row.group_id for row in team_perms})
        .annotate(n=Count("memberships"))
        .values_list("group_id", "n")
    )
    for team_row in team_perms:
        team = getattr(team_row.group, "team", None)
        key = ("team", team_row.group_id)
        if key not in entries:
            name = str(team) if team else team_row.group.name
            detail = f"{member_counts.get(team_row.group_id, 0)} member(s)" if team else "Group"
            entries[key] = AccessEntry(name=name, kind="team", detail=detail)
        entries[key].permissions.add(team_row.permission.codename)

    user_perms = ChildUserObjectPermission.objects.filter(content_object=child).select_related(
        "permission", "user__organisation"
    )
    for user_row in user_perms:
        key = ("user", user_row.user_id)
        if key not in entries:
            org = user_row.user.organisation.name if user_row.user.organisation else ""
            detail = ", ".join(x for x in [user_row.user.job_title, org] if x)
            entries[key] = AccessEntry(name=str(user_row.user), kind="user", detail=detail)
        entries[key].permissions.add(user_row.permission.codename)

    for grant in child_access_grants_in_force(child=child).select_related("team", "user__organisation"):
        if grant.user_id is not None:
            key = ("user", grant.user_id)
            if key not in entries and grant.level == ChildAccessGrant.Level.SHARED and grant.user is not None:
                # A recipient of a share sees what was shared with them, not the record: no guardian row.
                org = grant.user.organisation.name if grant.user.organisation else ""
                detail = ", ".join(x for x in [grant.user.job_title, org] if x)
                entries[key] = AccessEntry(name=str(grant.user), kind="user", detail=detail)
        elif grant.team is not None:
            key = ("team", grant.team.group_id)
        else:  # a grant is always to a user or a team (a database constraint)
            continue
        if key in entries:
            entries[key].reasons.append(
                AccessReason(
                    basis=grant.get_basis_display(),
                    level=grant.get_level_display(),
                    since=grant.granted_at,
                    expires_at=grant.expires_at,
                )
            )
    # A guardian row with no grant in force behind it (an emergency grant past its expiry, waiting
    # for the sweep) gives no access, so it is not listed.
    return sorted((e for e in entries.values() if e.reasons), key=lambda e: (e.kind != "team", e.name))


def child_access_events(*, child: Child) -> QuerySet[AccessEvent]:
    return child.access_events.select_related("user__organisation")


def child_find_for_emergency(
    *, nhs_number: str = "", first_name: str = "", last_name: str = "", date_of_birth: date | None = None
) -> list[Child]:
    """Exact matches only, for emergency access: an NHS number, or a full name and date of birth.
    Nothing partial, so the search cannot be used to browse records."""
    nhs = rules.normalise_nhs_number(nhs_number)
    if nhs:
        matches = Child.objects.filter(nhs_number=nhs)
    elif first_name.strip() and last_name.strip() and date_of_birth:
        matches = Child.objects.filter(
            first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip(), date_of_birth=date_of_birth
        )
    else:
        return []
    return list(matches.select_related("local_authority")[:5])


def child_get_for_access_log(*, user: User, pk: int) -> Child:
    """A child the user may see, or whose record is held by the organisation the user reviews for
    (Caldicott Guardians oversee access without being given the case). Otherwise 404."""
    visible = child_list_for_user(user=user).filter(pk=pk).first()
    if visible is not None:
        return visible
    if policies.is_reviewer(user):
        held = Q(allocated_team__organisation_id=user.organisation_id) | Q(
            allocated_team__isnull=True, local_authority_id=user.organisation_id
        )
        return get_object_or_404(Child.objects.filter(held), pk=pk)
    raise Http404("No child found")


def child_can_read_access_log(*, user: User, child: Child, permissions: set[str] | None = None) -> bool:
    """The access log is for those responsible for the record: people who can edit it, and the
    Caldicott Guardians and lead information officers of the organisation holding it. Pass the
    user's permissions on the child when they are already known."""
    if permissions is None:
        permissions = object_permissions(user, child)
    if "change_child" in permissions:
        return True
    return policies.is_reviewer(user, child_record_holder_id(child=child))


# --- People --------------------------------------------------------------------------------------


def person_get_for_user(*, user: User, pk: int) -> Person:
    """A person is visible through a child the user may see."""
    visible = child_visible_q(user=user, field="relationships__child")
    return get_object_or_404(Person.objects.filter(visible).distinct(), pk=pk)


def person_children_for_user(*, user: User, person: Person) -> QuerySet[Child]:
    """The children of a person's that the user may see."""
    return child_list_for_user(user=user).filter(relationships__person=person).distinct()


def children_counts(*, user: User) -> dict[str, int]:
    """How many children the user may see, and how many of them are allocated to them: one pass."""
    return child_list_for_user(user=user).aggregate(
        visible=Count("pk"), allocated_to_me=Count("pk", filter=Q(allocated_worker=user))
    )


# --- Escalations ---------------------------------------------------------------------------------


def escalation_list_for_user(*, user: User) -> QuerySet[Escalation]:
    """Escalations assigned to the user; escalations about a child allocated to them (so the worker
    knows their case is escalated, though only assignees act on it); and, for Caldicott Guardians
    and lead information officers, every escalation of their organisation."""
    visible = Q(assignments__user=user) | Q(child__allocated_worker=user)
    if policies.is_reviewer(user):
        visible |= Q(organisation_id=user.organisation_id)
        # One that reached nobody in a partner organisation of their area, for them to take on.
        visible |= Q(organisation__serves_area_id=user.organisation_id, assignments__isnull=True)
    ids = Escalation.objects.filter(visible).values("pk")
    return (
        Escalation.objects.filter(pk__in=ids)
        .select_related("organisation", "subject_type", "child")
        .prefetch_related(Prefetch("assignees", queryset=User.objects.only("first_name", "last_name", "username")))
    )


def _reviewed_organisations(user: User) -> Q:
    """The reviewer's organisation, and the partner organisations serving their authority's area
    (whose escalations fall back to its reviewers when they have none of their own)."""
    return Q(organisation_id=user.organisation_id) | Q(organisation__serves_area_id=user.organisation_id)


def review_queue_for_user(*, user: User) -> QuerySet[Escalation]:
    """Every open escalation and advice request in the reviewer's organisation, and any assigned to
    them from elsewhere (a partner organisation with no reviewer of its own), most serious and oldest
    first."""
    if user.organisation_id is None:
        return Escalation.objects.none()
    ids = Escalation.objects.filter(Q(organisation_id=user.organisation_id) | Q(assignments__user=user)).values("pk")
    return (
        Escalation.objects.filter(pk__in=ids)
        .exclude(status=Escalation.Status.RESOLVED)
        .select_related("organisation", "subject_type", "child")
        .prefetch_related(Prefetch("assignees", queryset=User.objects.only("first_name", "last_name", "username")))
        .order_by("-level", "raised_at", "pk")
    )


def without_escalation(records: QuerySet, *, kind: str, level: int) -> QuerySet:
    """The records that have no escalation of this kind at this level yet (one `NOT EXISTS` on the
    escalations' unique index): what a sweep must still raise, so a repeat run reads nothing else."""
    subject_type = ContentType.objects.get_for_model(records.model)
    raised = Escalation.objects.filter(subject_type=subject_type, subject_id=OuterRef("pk"), kind=kind, level=level)
    return records.filter(~Exists(raised))


def review_queue_unassigned(*, user: User) -> QuerySet[Escalation]:
    """Open escalations that reached nobody, in the reviewer's organisation or a partner organisation
    of their area: a red count on the review queue until someone takes them."""
    if user.organisation_id is None:
        return Escalation.objects.none()
    return (
        Escalation.objects.filter(_reviewed_organisations(user), assignments__isnull=True)
        .exclude(status=Escalation.Status.RESOLVED)
        .select_related("organisation", "subject_type", "child")
        .prefetch_related("assignees")
        .order_by("-level", "raised_at", "pk")
    )


def escalation_reviewers(*, organisation: Organisation) -> list[User]:
    """Who reviews an organisation's escalations: its Caldicott Guardians and lead information officers."""
    return list(policies.reviewers_of(organisation))


def escalation_can_act(*, user: User, escalation: Escalation) -> bool:
    """Whether the user may acknowledge or resolve the escalation: an assignee, or a reviewer of its
    organisation."""
    if escalation.assignments.filter(user=user).exists():
        return True
    if policies.is_reviewer(user, escalation.organisation_id):
        return True
    # One that reached nobody: the reviewers of the local authority the organisation serves.
    authority = escalation.organisation.local_authority
    return authority is not None and policies.is_reviewer(user, authority) and not escalation.assignments.exists()


def escalation_get_for_user(*, user: User, pk: int) -> Escalation:
    return get_object_or_404(escalation_list_for_user(user=user), pk=pk)


def emergency_access_window(*, event: AccessEvent) -> tuple[datetime, datetime]:
    """When a break-glass access was open: from its grant until it expired or was ended early."""
    end = event.expires_at or event.at
    ended = (
        ChildAccessGrant.objects.filter(
            basis=ChildAccessGrant.Basis.EMERGENCY,
            source_type=ContentType.objects.get_for_model(AccessEvent),
            source_id=event.pk,
            revoked_at__isnull=False,
        )
        .values_list("revoked_at", flat=True)
        .first()
    )
    return event.at, min(end, ended) if ended else end


def emergency_access_viewed(*, event: AccessEvent, limit: int = 200) -> list[AccessEvent]:
    """What the user read of the child's record while their break-glass access was open (from the
    access log), oldest first."""
    if event.child_id is None:
        return []
    start, end = emergency_access_window(event=event)
    reads = AccessEvent.objects.filter(
        user_id=event.user_id, child_id=event.child_id, kind=AccessEvent.Kind.VIEW, at__gte=start, at__lte=end
    )
    return list(reads.order_by("at", "pk")[:limit])


def emergency_access_reasons(*, ids: list[int]) -> dict[int, str]:
    """The reason each user gave for their emergency access, for the queues."""
    return dict(AccessEvent.objects.filter(pk__in=ids).values_list("pk", "reason"))


def emergency_access_in_force(*, event: AccessEvent) -> bool:
    return ChildAccessGrant.objects.filter(
        grant_in_force(),
        basis=ChildAccessGrant.Basis.EMERGENCY,
        source_type=ContentType.objects.get_for_model(AccessEvent),
        source_id=event.pk,
    ).exists()


def escalation_history(*, escalation: Escalation) -> QuerySet:
    return escalation.history.select_related("history_user").order_by("history_date")


def escalations_finished_whereabouts(*, ids: list[int]) -> set[int]:
    """The decision whether to issue a whereabouts alert is moot once the child's whereabouts are known."""
    return set(Child.objects.filter(pk__in=ids, whereabouts_known=True).values_list("pk", flat=True))
