"""Privacy notice pages: the notices a user may see, and one notice, closed as provided or exempt."""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from portal.pages import number_param, paginate, record_read, submit
from sharing import picture, policies, selectors, services
from sharing.forms import ExemptForm, ProvidedForm


def privacy_notice_list(request: HttpRequest) -> HttpResponse:
    """The notices the user may see; from the dashboard, one team's pending notices that are
    overdue or due soon (the same query the dashboard counted)."""
    today = timezone.localdate()
    notices = selectors.privacy_notice_list_for_user(user=request.user)
    show = request.GET.get("show", "pending")
    if show != "all":
        notices = notices.filter(status="pending")
    team = number_param(request.GET.get("team", ""))
    if team is not None:
        notices = notices.filter(pk__in=picture.notices_for_teams(team_ids=[team]).values("pk"))
    state = request.GET.get("state", "")
    if state in ("overdue", "due"):
        notices = picture.notices_in_state(notices, state=state, today=today)
    context = {"page": paginate(request, notices), "show": show, "today": today, "filtered": team or state}
    return render(request, "sharing/privacy_notice_list.html", context)


def privacy_notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.privacy_notice_get_for_user(user=request.user, pk=pk)
    record_read(request, notice.child, what="Privacy notice")
    can_update = notice.status == "pending" and policies.may_close_privacy_notice(request.user, notice)
    action = request.POST.get("action")
    provided_form = ProvidedForm(
        request.POST if action == "provided" else None, initial={"provided_on": timezone.localdate()}
    )
    exempt_form = ExemptForm(request.POST if action == "exempt" else None)
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied("You cannot update this privacy notice.")
        form = provided_form if action == "provided" else exempt_form
        if form.is_valid():
            data = form.cleaned_data
            if action == "provided":
                call = partial(
                    services.privacy_notice_mark_provided,
                    actor=request.user,
                    notice=notice,
                    how=data["provided_how"],
                    provided_on=data["provided_on"],
                )
            else:
                call = partial(
                    services.privacy_notice_mark_exempt,
                    actor=request.user,
                    notice=notice,
                    exemption=data["exemption"],
                    justification=data["justification"],
                )
            done = submit(request, call, form=form, success="Privacy notice updated", then=notice)
            if done:
                return done
    context = {
        "notice": notice,
        "can_update": can_update,
        "provided_form": provided_form,
        "exempt_form": exempt_form,
        "today": timezone.localdate(),
        "history": notice.history.select_related("history_user").order_by("history_date"),
    }
    return render(request, "sharing/privacy_notice_detail.html", context)
