"""The core's pages. Thin: selectors to read, services to write. 404 for what the user may not see,
403 for what they may see but not do."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from portal import extensions, picture, policies, queues, selectors, services
from portal.forms import (
    AllocationForm,
    ChildForm,
    ChildSearchForm,
    EmergencySearchForm,
    PersonForm,
    RelatedPersonForm,
)
from portal.models import Child, Team
from portal.pages import number_param, paginate, posted, record_read, record_reads, show_errors, submit
from portal.services import PersonDetails


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    counts = selectors.children_counts(user=user)
    context = {
        "roles": selectors.role_labels(user=user),
        "organisation_name": selectors.organisation_name_of(user=user),
        "my_children": selectors.child_list_for_user(user=user).filter(allocated_worker=user)[:10],
        "my_children_count": counts["allocated_to_me"],
        "visible_children_count": counts["visible"],
        "notifications": selectors.notifications_unread(user=user).latest,
        # Each escalation with its child (to those who may see the child), its clock and its reason.
        "escalations": queues.escalation_rows(
            escalations=queues.with_child_visibility(
                # The assignees are not shown here: not fetched.
                selectors.escalation_list_for_user(user=user).exclude(status="resolved").prefetch_related(None),
                user=user,
            )[:10]
        ),
        "workloads": selectors.teams_workload(user=user),
        "is_reviewer": policies.is_reviewer(user),
        "memberships": selectors.memberships_of(user=user),
        "sections": extensions.home_sections(user=user, today=timezone.localdate()),
    }
    return render(request, "portal/home.html", context)


def dashboard(request: HttpRequest) -> HttpResponse:
    """A team manager's view of every clock in their teams."""
    teams = selectors.teams_managed(user=request.user)
    if not teams:
        raise PermissionDenied("The dashboard is for team managers.")
    widgets = extensions.dashboard_widgets(user=request.user, teams=teams, today=timezone.localdate())
    return render(request, "portal/dashboard.html", {"teams": teams, "widgets": widgets})


def child_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    record_read(request, child, what="Timeline")
    return render(
        request,
        "portal/child_timeline.html",
        {"child": child, "entries": picture.child_timeline(user=request.user, child=child)},
    )


def child_involved(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    record_read(request, child, what="Who is involved")
    return render(
        request,
        "portal/child_involved.html",
        {"child": child, "involved": picture.child_involvement(user=request.user, child=child)},
    )


def child_family(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    family = picture.child_family(user=request.user, child=child)
    # The family page shows each other child's open work too: a read of each, written together.
    others = [other.child for other in family.children if not other.is_this_child]
    record_reads(
        request, [(child, "Family"), *((other, "Family of a brother, sister or other child") for other in others)]
    )
    return render(request, "portal/child_family.html", {"child": child, "family": family})


def child_list(request: HttpRequest) -> HttpResponse:
    """Find a child. The search is POSTed so that names, dates of birth and NHS numbers never
    appear in URLs, browser history or server logs."""
    results = None
    if request.method == "POST":
        form = ChildSearchForm(request.POST)
        if form.is_valid():
            results = list(
                selectors.child_search(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    date_of_birth=form.cleaned_data["date_of_birth"],
                    nhs_number=form.cleaned_data["nhs_number"],
                )[:50]
            )
    else:
        form = ChildSearchForm()
    children = selectors.child_list_for_user(user=request.user)
    worker = number_param(request.GET.get("worker"))
    if worker is not None:
        children = children.filter(allocated_worker_id=worker)
    to_allocate = request.GET.get("to_allocate") == "1"
    if to_allocate:
        # The dashboard's "to allocate" count: children in the manager's teams with no worker yet.
        children = children.filter(
            allocated_team_id__in=policies.managed_team_ids(request.user), allocated_worker__isnull=True
        )
    context = {
        "form": form,
        "results": results,
        "page": paginate(request, children) if results is None else None,
        "worker_filter": worker is not None or to_allocate,
    }
    return render(request, "portal/child_list.html", context)


def _report_hidden_matches(request: HttpRequest, duplicates: list[selectors.PossibleDuplicate]) -> None:
    """Matches the user may not see, held outside their organisation: logged, and MAST told."""
    hidden = [d.child for d in duplicates if not d.visible and not d.same_holder]
    if hidden:
        services.child_duplicate_match_report(actor=request.user, children=hidden)


def child_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("portal.add_child"):
        raise PermissionDenied("You cannot add children.")
    duplicates = []
    if request.method == "POST":
        form = ChildForm(request.POST, user=request.user)
        if form.is_valid():
            details = form.details()
            duplicates = selectors.child_possible_duplicates(
                user=request.user,
                nhs_number=details.nhs_number,
                first_name=details.first_name,
                last_name=details.last_name,
                date_of_birth=details.date_of_birth,
            )
            _report_hidden_matches(request, duplicates)
            nhs_taken = any(d.reason == selectors.SAME_NHS_NUMBER for d in duplicates)
            confirmed = request.POST.get("confirm_not_duplicate") == "on"
            if nhs_taken or (duplicates and not confirmed):
                form = ChildForm.for_duplicates(request.POST, user=request.user, duplicates=duplicates)
            else:
                done = submit(
                    request,
                    lambda: services.child_create(actor=request.user, details=details, team=form.cleaned_data["team"]),
                    form=form,
                    success="Child recorded",
                    then=lambda child: child,
                )
                if done:
                    return done
    else:
        form = ChildForm(user=request.user)
    return render(request, "portal/child_form.html", {"form": form, "duplicates": duplicates, "creating": True})


def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    permissions = selectors.child_permissions_for_user(user=request.user, child=child)
    record_read(request, child, what="Child's record")
    can_allocate = request.user.has_perm("portal.allocate_child") and (
        child.allocated_team_id is None
        or selectors.teams_managed_by(user=request.user).filter(pk=child.allocated_team_id).exists()
    )
    context = {
        "child": child,
        "relationships": selectors.child_relationships(child=child),
        "can_edit": "change_child" in permissions,
        "can_allocate": can_allocate,
        "child_links": extensions.child_links(request.user, child, permissions),
        "record_notes": extensions.record_notes(user=request.user, child=child),  # subject rights (issue 17)
        "can_read_access_log": selectors.child_can_read_access_log(
            user=request.user, child=child, permissions=permissions
        ),
    }
    return render(request, "portal/child_detail.html", context)


def child_edit(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    if "change_child" not in selectors.child_permissions_for_user(user=request.user, child=child):
        raise PermissionDenied("You cannot edit this child's details.")
    record_read(request, child, what="Edit the child's details")
    duplicates = []
    if request.method == "POST":
        form = ChildForm(request.POST, user=request.user, instance=child)
        if form.is_valid():
            details = form.details()
            duplicates = [
                d
                for d in selectors.child_possible_duplicates(
                    user=request.user,
                    nhs_number=details.nhs_number,
                    first_name=details.first_name,
                    last_name=details.last_name,
                    date_of_birth=details.date_of_birth,
                    exclude_pk=child.pk,
                )
                if d.reason == "the same NHS number"
            ]
            _report_hidden_matches(request, duplicates)
            if duplicates:
                form.add_error("nhs_number", "A child with this NHS number is already recorded")
            else:
                done = submit(
                    request,
                    lambda: services.child_update(actor=request.user, child=child, details=details),
                    form=form,
                    success="Child's details saved",
                    then=child,
                )
                if done:
                    return done
    else:
        form = ChildForm(user=request.user, instance=child)
    return render(request, "portal/child_form.html", {"form": form, "child": child, "duplicates": duplicates})


def child_access(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    record_read(request, child, what="Who can see this child")
    # The recent views are the access log's: shown only to those who may read the log itself.
    can_read_log = selectors.child_can_read_access_log(user=request.user, child=child)
    context = {
        "child": child,
        "entries": selectors.child_access_list(child=child),
        "events": selectors.child_access_events(child=child)[:50] if can_read_log else None,
        "can_read_access_log": can_read_log,
    }
    return render(request, "portal/child_access.html", context)


def child_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    managed = selectors.teams_managed_by(user=request.user)
    if not request.user.has_perm("portal.allocate_child") or (
        child.allocated_team_id is not None and not managed.filter(pk=child.allocated_team_id).exists()
    ):
        raise PermissionDenied("Only a manager of the child's team can allocate this child.")
    record_read(request, child, what="Allocate")
    workers = selectors.team_members(team=child.allocated_team) if child.allocated_team else managed.none()
    data = posted(request)
    chosen_team = number_param(data.get("team")) if data else None
    if chosen_team is not None:
        team = Team.objects.filter(pk__in=managed.values("pk"), pk=chosen_team).first()
        if team:
            workers = selectors.team_members(team=team)
    form = AllocationForm(
        data,
        teams=managed,
        workers=workers,
        initial={"team": child.allocated_team_id, "worker": child.allocated_worker_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            lambda: services.child_allocate(actor=request.user, child=child, team=data["team"], worker=data["worker"]),
            form=form,
            success="Child allocated",
            then=child,
        )
        if done:
            return done
    return render(request, "portal/child_allocate.html", {"form": form, "child": child})


def person_add(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    if "change_child" not in selectors.child_permissions_for_user(user=request.user, child=child):
        raise PermissionDenied("You cannot edit this child's record.")
    record_read(request, child, what="Add a person")
    form = RelatedPersonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.person_add_to_child(
                actor=request.user, child=child, person=form.person_details(), relationship=form.relationship_details()
            ),
            form=form,
            success="Person added",
            then=child,
        )
        if done:
            return done
    return render(request, "portal/person_form.html", {"form": form, "child": child})


def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    if not policies.may_edit_person(request.user, person):
        raise PermissionDenied("You cannot edit this person's details.")
    for child in selectors.person_children_for_user(user=request.user, person=person):
        record_read(request, child, what="Edit a person in the child's life")
    initial = {f: getattr(person, f) for f in PersonDetails.__dataclass_fields__}
    form = PersonForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        child = Child.objects.filter(relationships__person=person).first()
        done = submit(
            request,
            lambda: services.person_update(actor=request.user, person=person, details=form.person_details()),
            form=form,
            success="Person's details saved",
            then=child or "portal:home",
        )
        if done:
            return done
    return render(request, "portal/person_form.html", {"form": form, "person": person})


def child_access_log(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_get_for_access_log(user=request.user, pk=pk)
    if not selectors.child_can_read_access_log(user=request.user, child=child):
        raise PermissionDenied("The access log is for the people responsible for this record.")
    record_read(request, child, what="Access log")
    page = paginate(request, selectors.child_access_events(child=child))
    return render(request, "portal/child_access_log.html", {"child": child, "page": page})


EMERGENCY_SEARCH_FIELDS = [
    "reason",
    "nhs_number",
    "first_name",
    "last_name",
    "date_of_birth_0",
    "date_of_birth_1",
    "date_of_birth_2",
]


def _emergency_label(child: Child, found: list[Child]) -> str:
    """Only enough to pick the child: the searcher already gave the NHS number or the name and date
    of birth; between several exact matches, the first half of the postcode tells them apart."""
    if len(found) == 1:
        return "One record matches these details"
    district = child.postcode.split()[0].upper() if child.postcode.strip() else "not recorded"
    return f"Record {found.index(child) + 1} of {len(found)}: postcode area {district}"


def emergency_access(request: HttpRequest) -> HttpResponse:
    """Break-glass. Exact search only, and each search is logged with its reason and limited per
    hour; the answer shows only enough to pick the child. The details are carried to the grant,
    which looks them up again, so a record can only be opened by someone who knows who the child is."""
    if not request.user.has_perm("portal.view_child"):
        raise PermissionDenied("Your role cannot use emergency access.")
    search = EmergencySearchForm(posted(request))
    matches, chosen = None, None
    if request.method == "POST" and search.is_valid():
        data = search.cleaned_data
        details = {
            "nhs_number": data["nhs_number"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "date_of_birth": data["date_of_birth"],
        }
        if request.POST.get("action") == "grant":
            # The grant is logged and escalated itself; the details must still match exactly.
            found = selectors.child_find_for_emergency(**details)
        else:
            try:
                found = services.emergency_access_search(actor=request.user, reason=data["reason"], **details)
            except ValidationError as error:
                show_errors(search, error)
                found = None
        if found is not None:
            visible = set(
                selectors.child_list_for_user(user=request.user)
                .filter(pk__in=[c.pk for c in found])
                .values_list("pk", flat=True)
            )
            matches = [(child, child.pk in visible, _emergency_label(child, found)) for child in found]
        if request.POST.get("action") == "grant":
            chosen = next(
                (c for c, seen, _ in matches or [] if str(c.pk) == request.POST.get("child") and not seen), None
            )
            if chosen is None:
                raise Http404("No matching record")
            done = submit(
                request,
                lambda: services.emergency_access_grant(actor=request.user, child=chosen, reason=data["reason"]),
                form=search,
                success="Emergency access granted for a limited time. "
                "It is logged and the Caldicott Guardian will review it.",
                then=chosen,
            )
            if done:
                return done
    context = {
        "search": search,
        "matches": matches,
        "chosen": chosen,
        "carried": [(name, request.POST.get(name, "")) for name in EMERGENCY_SEARCH_FIELDS],
    }
    return render(request, "portal/emergency_access.html", context)
