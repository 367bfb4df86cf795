"""The meeting pages: calling, minutes, actions, sharing; 403 for someone who may see the meeting but
not run it; the meeting on the child's timeline, "who is involved" and the owner's home page; and
query counts that do not grow with the meetings, invitees or actions (10 against 500)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from meetings.models import MeetingAction, ProfessionalsMeeting
from portal.models import AccessEvent
from tests.helpers import client_for, queries_to_get
from tests.meetings.factories import add_action, call, hold, involved_child


def _date(prefix: str, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_calling_a_meeting_from_the_form_preselects_the_involved_and_tells_them(setup):
    child = involved_child(setup)
    client = client_for(setup.north.social_worker)
    url = reverse("meetings:call", args=[child.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert set(page.context["form"].fields["invitees"].initial) >= {setup.health_visitor.pk, setup.north.cin_manager.pk}
    # Bad input comes back with the GOV.UK error summary, never a 500.
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and b"govuk-error-summary" in refused.content
    data = {
        "reason": "Stuck",
        "invitees": [setup.health_visitor.pk, setup.north.cin_manager.pk],
        "chair": setup.north.cin_manager.pk,
        **_date("meets_on", timezone.localdate()),
    }
    response = client.post(url, data)
    meeting = ProfessionalsMeeting.objects.get(child=child)
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()


def test_the_minutes_actions_and_share_pages_are_for_the_caller_and_chair(setup):
    meeting = call(setup)
    health = client_for(setup.health_visitor)
    assert health.get(meeting.get_absolute_url()).status_code == 200
    assert health.get(reverse("meetings:minutes", args=[meeting.pk])).status_code == 403
    worker = client_for(setup.north.social_worker)
    response = worker.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"attended": [setup.health_visitor.pk], "facts": "Facts", "opinion": "Opinion", "decisions": "Decided"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_held
    past = worker.post(
        reverse("meetings:action_add", args=[meeting.pk]),
        {
            "description": "Do it",
            "owner": setup.health_visitor.pk,
            **_date("due_on", timezone.localdate() - timedelta(days=1)),
        },
    )
    assert past.status_code == 200 and "The due date must be today or in the future" in past.content.decode()
    added = worker.post(
        reverse("meetings:action_add", args=[meeting.pk]),
        {"description": "Do it", "owner": setup.health_visitor.pk, **_date("due_on", timezone.localdate())},
    )
    assert added.status_code == 302
    action = meeting.actions.get()
    assert health.post(reverse("meetings:action_done", args=[meeting.pk, action.pk])).status_code == 302
    action.refresh_from_db()
    assert action.is_done


def test_the_meeting_on_the_timeline_who_is_involved_and_the_owner_s_home_page(setup):
    meeting = hold(setup, call(setup))
    add_action(setup, meeting)
    worker = client_for(setup.north.social_worker)
    timeline = worker.get(reverse("portal:child_timeline", args=[meeting.child.pk])).content.decode()
    assert "Professionals meeting called" in timeline and "Action agreed at the professionals meeting" in timeline
    involved = worker.get(reverse("portal:child_involved", args=[meeting.child.pk])).content.decode()
    assert "Chair of the professionals meeting" in involved
    assert "owns 1 open action from it" in involved
    home = client_for(setup.health_visitor).get(reverse("portal:home")).content.decode()
    assert "Your actions from professionals meetings" in home and "Offer a new health appointment" in home


def test_a_read_of_a_meeting_is_logged(setup):
    meeting = call(setup)
    client_for(setup.health_visitor).get(meeting.get_absolute_url())
    assert AccessEvent.objects.filter(user=setup.health_visitor, child=meeting.child).exists()


def _meetings(setup, child, count: int) -> None:
    today = timezone.localdate()
    bulk_create_with_history(
        [
            ProfessionalsMeeting(
                child=child,
                reason=f"Reason {n}",
                meets_on=today,
                chair=setup.north.cin_manager,
                chair_team=setup.north.cin,
                called_by=setup.north.social_worker,
            )
            for n in range(count)
        ],
        ProfessionalsMeeting,
    )


def test_the_list_query_count_is_flat(setup):
    child = involved_child(setup)
    client = client_for(setup.north.cin_manager)
    url = reverse("meetings:list")
    _meetings(setup, child, 10)
    few = queries_to_get(client, url)
    _meetings(setup, child, 490)
    many = queries_to_get(client, url)
    assert client.get(url).context["page"].paginator.count == 500
    assert many == few


def _actions(setup, meeting, count: int) -> None:
    bulk_create_with_history(
        [
            MeetingAction(
                meeting=meeting,
                description=f"Action {n}",
                owner=setup.health_visitor,
                due_on=timezone.localdate() + timedelta(days=n % 5),
                added_by=setup.north.social_worker,
            )
            for n in range(count)
        ],
        MeetingAction,
    )


def test_the_meeting_page_and_the_owner_s_home_page_query_counts_are_flat(setup):
    meeting = hold(setup, call(setup))
    worker, health = client_for(setup.north.social_worker), client_for(setup.health_visitor)
    detail, home = meeting.get_absolute_url(), reverse("portal:home")
    _actions(setup, meeting, 10)
    few = (queries_to_get(worker, detail), queries_to_get(health, home))
    _actions(setup, meeting, 490)
    many = (queries_to_get(worker, detail), queries_to_get(health, home))
    assert many == few


def test_the_child_s_involved_and_timeline_pages_stay_flat_with_the_meeting_s_actions(setup):
    meeting = hold(setup, call(setup))
    worker = client_for(setup.north.social_worker)
    pages = [reverse(name, args=[meeting.child.pk]) for name in ("portal:child_involved", "portal:child_timeline")]
    _actions(setup, meeting, 10)
    few = [queries_to_get(worker, url) for url in pages]
    _actions(setup, meeting, 490)
    many = [queries_to_get(worker, url) for url in pages]
    assert many[0] == few[0]
    # The timeline shows the latest 300 changes and looks up the names they mention once per kind of
    # record: at 500 actions they are all actions (fewer kinds to name), so it may only go down.
    assert many[1] <= few[1]


def test_changing_and_cancelling_from_the_pages(setup):
    meeting = call(setup)
    worker = client_for(setup.north.social_worker)
    url = reverse("meetings:change", args=[meeting.pk])
    page = worker.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert set(form.fields["invitees"].initial) == set(meeting.invitees.values_list("user_id", flat=True))
    # The answers as they stand, the date among them.
    assert f'value="{meeting.meets_on.year}"' in page.content.decode() and meeting.reason in page.content.decode()
    later = timezone.localdate() + timedelta(days=3)
    data = {
        "reason": "Still stuck",
        "invitees": [setup.health_visitor.pk, setup.north.cin_manager.pk],
        "chair": setup.north.cin_manager.pk,
        **_date("meets_on", later),
    }
    assert worker.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.meets_on == later and meeting.reason == "Still stuck"
    cancel = reverse("meetings:cancel", args=[meeting.pk])
    refused = worker.post(cancel, {"reason": ""})
    assert refused.status_code == 200 and b"govuk-error-summary" in refused.content
    assert worker.post(cancel, {"reason": "No longer needed"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    shown = worker.get(meeting.get_absolute_url()).content.decode()
    assert "No longer needed" in shown and "Change the meeting" not in shown
