"""Reads for the data protection rights pages, already limited to what the officer may see: the
requests of their own organisation, and the children (and the people in their lives) whose records
their organisation holds."""

from typing import cast

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.extensions import SubjectAccessItem, subject_access_items
from portal.models import Child, Person, User
from subject_rights import policies
from subject_rights.models import ItemDecision, Rectification, Restriction, SubjectAccessRequest, ThirdPartyDecision


def children_held_by(*, user: User) -> QuerySet[Child]:
    """The children whose records the officer's organisation holds (it is their local authority or
    their allocated team's organisation)."""
    if not policies.may_answer(user):
        return Child.objects.none()
    org = user.organisation_id
    return Child.objects.filter(Q(local_authority_id=org) | Q(allocated_team__organisation_id=org))


def people_held_by(*, user: User) -> QuerySet[Person]:
    return Person.objects.filter(relationships__child__in=children_held_by(user=user)).distinct()


def subject_search(*, user: User, query: str) -> tuple[list[Child], list[Person]]:
    """Match a requester to the golden record: children and people by name (every word must match)."""
    words = query.split()[:4]
    if not words:
        return [], []
    children, people = children_held_by(user=user), people_held_by(user=user)
    for word in words:
        name = Q(first_name__icontains=word) | Q(last_name__icontains=word)
        children, people = children.filter(name), people.filter(name)
    return list(children.order_by("last_name", "first_name", "pk")[:25]), list(people.order_by("last_name", "pk")[:25])


def child_get_for_officer(*, user: User, pk: int) -> Child:
    return get_object_or_404(children_held_by(user=user).select_related("local_authority"), pk=pk)


def person_get_for_officer(*, user: User, pk: int) -> Person:
    return get_object_or_404(people_held_by(user=user), pk=pk)


def request_list_for_user(*, user: User) -> QuerySet[SubjectAccessRequest]:
    if not policies.may_answer(user):
        return SubjectAccessRequest.objects.none()
    return SubjectAccessRequest.objects.filter(organisation_id=cast(int, user.organisation_id)).select_related(
        "child", "person", "officer"
    )


def request_get_for_user(*, user: User, pk: int) -> SubjectAccessRequest:
    return get_object_or_404(request_list_for_user(user=user), pk=pk)


def request_get_for_overseer(*, user: User, pk: int) -> SubjectAccessRequest:
    """A request of the user's organisation, for whoever oversees them (the escalation's reviewers)."""
    if not policies.may_oversee(user):
        raise Http404
    requests = SubjectAccessRequest.objects.filter(organisation_id=cast(int, user.organisation_id))
    return get_object_or_404(requests.select_related("child", "person", "officer"), pk=pk)


def requests_answered_late(*, user: User) -> QuerySet[SubjectAccessRequest]:
    from django.db.models import F
    from django.db.models.functions import Coalesce

    return (
        request_list_for_user(user=user)
        .filter(status=SubjectAccessRequest.Status.RELEASED)
        .annotate(deadline=Coalesce("extended_due_on", "due_on"))
        .filter(released_on__gt=F("deadline"))
        .order_by("-released_on", "pk")
    )


def bundle_items(*, request: SubjectAccessRequest, viewer: User) -> list[SubjectAccessItem]:
    return subject_access_items(person=request.subject, viewer=viewer)


def bundle_decisions(*, request: SubjectAccessRequest) -> tuple[dict[str, ItemDecision], dict[str, ThirdPartyDecision]]:
    items = {d.item_key: d for d in request.item_decisions.filter(withheld=True).select_related("exemption")}
    parties = {d.party_key: d for d in request.party_decisions.select_related("exemption")}
    return items, parties


def bundle_reviewed_keys(*, request: SubjectAccessRequest) -> set[str]:
    """The items the officer has decided about, either way (withheld, or released after review)."""
    return set(request.item_decisions.values_list("item_key", flat=True))


def restriction_in_force(*, child: Child) -> Restriction | None:
    return Restriction.objects.filter(child=child, lifted_at__isnull=True).first()


def rectifications_of(*, child: Child) -> QuerySet[Rectification]:
    return Rectification.objects.filter(child=child).select_related("decided_by")


def escalations_finished_requests(*, ids: list[int]) -> set[int]:
    released = SubjectAccessRequest.objects.filter(pk__in=ids, status=SubjectAccessRequest.Status.RELEASED)
    return set(released.values_list("pk", flat=True))
