"""The professionals meeting pages. Thin: selectors to read, services to write, `portal.pages.submit`
to run a service and answer the GOV.UK way. 404 for a meeting the user may not see (DESIGN §5), 403
for one they may see but not act on. Every page about a meeting is a read of the child's information
and is logged."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from meetings import clocks, selectors, services
from meetings.forms import ActionForm, CallForm, CancelForm, ChangeForm, MinutesForm, ShareForm
from meetings.models import ProfessionalsMeeting
from portal import selectors as core_selectors
from portal.forms import GovukForm
from portal.pages import paginate, posted, record_read, submit

Meeting = ProfessionalsMeeting


def _meeting(request: HttpRequest, pk: int, *, what: str = "Professionals meeting") -> Meeting:
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    record_read(request, meeting.child, what=what, through="a professionals meeting")
    return meeting


def _run(request: HttpRequest, pk: int, *, what: str) -> Meeting:
    meeting = _meeting(request, pk, what=what)
    if not selectors.runs_meeting(request.user, meeting):
        raise PermissionDenied("Only the person who called the meeting, or its chair, does this.")
    return meeting


def _form_page(request: HttpRequest, meeting: Meeting, form, *, title: str, intro: list[str]) -> HttpResponse:
    context = {"meeting": meeting, "form": form, "title": title, "intro": intro}
    return render(request, "meetings/form.html", context)


def meeting_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("meetings.view_professionalsmeeting"):
        raise PermissionDenied("Professionals meetings are for practitioners and their managers.")
    meetings = selectors.meeting_list_view(user=request.user)
    return render(request, "meetings/list.html", {"page": paginate(request, meetings)})


def meeting_call(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = core_selectors.child_get_for_user(user=request.user, pk=child_pk)
    record_read(request, child, what="Call a professionals meeting")
    if not selectors.may_call_meeting(request.user, child):
        raise PermissionDenied("Only a practitioner involved with the child calls a professionals meeting.")
    form = CallForm(posted(request), user=request.user, child=child)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.meeting_call(actor=request.user, child=child, details=form.details()),
            form=form,
            success="Meeting called: the people invited have been told",
            then=lambda meeting: meeting,
            refused_to=child,
        )
        if done:
            return done
    return render(request, "meetings/call.html", {"form": form, "child": child})


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    today = timezone.localdate()
    actions = list(selectors.actions(meeting=meeting))
    context = {
        "meeting": meeting,
        "invitees": list(selectors.invitees(meeting=meeting)),
        "actions": [
            {
                "action": action,
                "colour": "" if action.is_done else clocks.rag(action.due_on, today),
                "may_tick_off": not action.is_done and selectors.may_tick_off(request.user, meeting, action),
            }
            for action in actions
        ],
        "runs": selectors.runs_meeting(request.user, meeting),
        "may_change": selectors.may_change(request.user, meeting),
        "today": today,
    }
    return render(request, "meetings/detail.html", context)


def _changeable(request: HttpRequest, pk: int, *, what: str) -> Meeting | HttpResponse:
    """The meeting, for its caller or chair, while it may still change; once held or cancelled they
    are sent back to it with why."""
    meeting = _run(request, pk, what=what)
    if not meeting.is_called:
        messages.info(request, f"This meeting is {meeting.get_state_display().lower()}: it can no longer be changed.")
        return redirect(meeting)
    return meeting


def meeting_change(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _changeable(request, pk, what="Change a professionals meeting")
    if isinstance(meeting, HttpResponse):
        return meeting
    form = ChangeForm(posted(request), user=request.user, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.meeting_change(actor=request.user, meeting=meeting, details=form.details()),
            form=form,
            success="Meeting changed: those invited have been told",
            then=meeting,
        )
        if done:
            return done
    intro = ["Everyone invited is told what changed. Change the date, why it is needed, who is invited or the chair."]
    return _form_page(request, meeting, form, title="Change the meeting", intro=intro)


def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _changeable(request, pk, what="Cancel a professionals meeting")
    if isinstance(meeting, HttpResponse):
        return meeting
    form = CancelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.meeting_cancel(actor=request.user, meeting=meeting, details=form.details()),
            form=form,
            success="Meeting cancelled: those invited have been told",
            then=meeting,
        )
        if done:
            return done
    intro = [
        "Those invited are told it is cancelled, with your reason.",
        "Anyone who could see the child's record only because they were invited loses that access.",
    ]
    return _form_page(request, meeting, form, title="Cancel the meeting", intro=intro)


def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _run(request, pk, what="Professionals meeting minutes")
    if not meeting.is_called:
        messages.info(request, f"This meeting is {meeting.get_state_display().lower()}: no minutes to record.")
        return redirect(meeting)
    form = MinutesForm(posted(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.meeting_minutes_record(actor=request.user, meeting=meeting, details=form.details()),
            form=form,
            success="Attendance, minutes and decisions recorded",
            then=meeting,
        )
        if done:
            return done
    intro = [
        "Record who came, what was reported, the professionals' opinion (apart from the facts) and what was decided."
    ]
    return _form_page(request, meeting, form, title="Record the minutes", intro=intro)


def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _run(request, pk, what="Professionals meeting action")
    if not meeting.is_held:
        messages.error(request, "Actions come from the meeting: record its minutes first.")
        return redirect(meeting)
    form = ActionForm(posted(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.action_add(actor=request.user, meeting=meeting, details=form.details()),
            form=form,
            success="Action added: its owner has been told",
            then=meeting,
        )
        if done:
            return done
    intro = ["The owner is reminded if it is overdue, and the chair's manager is told if it stays undone."]
    return _form_page(request, meeting, form, title="Add an action", intro=intro)


class DoneForm(GovukForm):
    submit_label = "Yes, it is done"


def action_done(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, what="Professionals meeting action")
    action = selectors.action_get(meeting=meeting, pk=action_pk)
    if not selectors.may_tick_off(request.user, meeting, action):
        raise PermissionDenied(
            "Only the action's owner, or the person who called the meeting or its chair, ticks it off."
        )
    if action.is_done:
        messages.info(request, "This action is done already.")
        return redirect(meeting)
    form = DoneForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.action_done(actor=request.user, action=action),
            success="Action done",
            then=meeting,
        )
        if done:
            return done
    intro = [f"{action.description}", f"Owner: {action.owner}. Due by {action.due_on:%-d %B %Y}."]
    return _form_page(request, meeting, form, title="Is this action done?", intro=intro)


def minutes_share(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _run(request, pk, what="Professionals meeting minutes")
    if not meeting.is_held or meeting.minutes_shared_at is not None:
        messages.info(request, "The minutes can be shared once, after they are recorded.")
        return redirect(meeting)
    form = ShareForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.minutes_share(actor=request.user, meeting=meeting, details=form.details()),
            form=form,
            success="Minutes shared with those who attended: each share is recorded as a decision to share",
            then=meeting,
            rename={"summary_facts": "reasons", "recipient_organisation": "reasons", "recipient_name": "reasons"},
        )
        if done:
            return done
    names = ", ".join(str(row.user) for row in selectors.attendees(meeting=meeting) if row.user_id != request.user.pk)
    intro = [
        f"The minutes (facts, opinion and decisions) go to those who attended: {names or 'nobody else attended'}.",
        "Each is recorded on the child's sharing log: what was shared, with whom and on what lawful basis.",
    ]
    return _form_page(request, meeting, form, title="Share the minutes", intro=intro)
