"""Role tests for the meeting pages beyond the generated matrix (tests/test_permission_matrix.py):
the pages of a held meeting with an action, as an invitee who may see it but not run it (403), the
action's owner, the record holders, and people who may not see it (404)."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, join
from tests.helpers import client_for
from tests.meetings.factories import add_action, call, hold


@pytest.fixture
def held(setup):
    meeting = hold(setup, call(setup))
    return meeting, add_action(setup, meeting)


def test_each_meeting_page_by_role(setup, held):
    meeting, action = held
    north, south = setup.north, setup.south
    colleague = UserFactory(username="north.cin2", organisation=north.org, roles=["practitioner"])
    join(colleague, north.cin)  # a CIN team member: holds the child's record with the team
    pages = {
        "detail": reverse("meetings:detail", args=[meeting.pk]),
        "minutes": reverse("meetings:minutes", args=[meeting.pk]),
        "action_add": reverse("meetings:action_add", args=[meeting.pk]),
        "share": reverse("meetings:share", args=[meeting.pk]),
        "action_done": reverse("meetings:action_done", args=[meeting.pk, action.pk]),
    }
    # minutes: held already, so the runners are sent back to the meeting (302).
    expected = {
        "caller": (
            north.social_worker,
            {"detail": 200, "minutes": 302, "action_add": 200, "share": 200, "action_done": 200},
        ),
        "chair": (
            north.cin_manager,
            {"detail": 200, "minutes": 302, "action_add": 200, "share": 200, "action_done": 200},
        ),
        "owner (invited)": (
            setup.health_visitor,
            {"detail": 200, "minutes": 403, "action_add": 403, "share": 403, "action_done": 200},
        ),
        "record holder": (
            colleague,
            {"detail": 200, "minutes": 403, "action_add": 403, "share": 403, "action_done": 403},
        ),
        "early help (cannot see the child)": (north.early_help_worker, dict.fromkeys(pages, 404)),
        "caldicott": (north.caldicott, dict.fromkeys(pages, 404)),
        "other authority": (south.cin_manager, dict.fromkeys(pages, 404)),
    }
    wrong = []
    for who, (user, answers) in expected.items():
        client = client_for(user)
        for page, url in pages.items():
            status = client.get(url).status_code
            if status != answers[page]:
                wrong.append(f"{who} {page}: {status}, expected {answers[page]}")
    assert not wrong, wrong


def test_an_action_of_another_meeting_is_not_found(setup, held):
    meeting, _ = held
    other = add_action(setup, hold(setup, call(setup)))
    url = reverse("meetings:action_done", args=[meeting.pk, other.pk])
    assert client_for(setup.north.social_worker).get(url).status_code == 404


def test_the_list_is_for_the_working_roles(setup, held):
    url = reverse("meetings:list")
    assert client_for(setup.north.social_worker).get(url).status_code == 200
    assert client_for(setup.health_visitor).get(url).status_code == 200
    assert client_for(setup.north.caldicott).get(url).status_code == 403
    # Someone with a working role sees only their meetings.
    page = client_for(setup.south.social_worker).get(url)
    assert page.status_code == 200 and page.context["page"].paginator.count == 0


def test_the_change_and_cancel_pages_by_role(setup):
    meeting = call(setup)
    north, south = setup.north, setup.south
    colleague = UserFactory(username="north.cin2", organisation=north.org, roles=["practitioner"])
    join(colleague, north.cin)
    pages = {
        "change": reverse("meetings:change", args=[meeting.pk]),
        "cancel": reverse("meetings:cancel", args=[meeting.pk]),
    }
    expected = {
        "caller": (north.social_worker, 200),
        "chair": (north.cin_manager, 200),
        "invited": (setup.health_visitor, 403),
        "record holder": (colleague, 403),
        "early help (cannot see the child)": (north.early_help_worker, 404),
        "caldicott": (north.caldicott, 404),
        "other authority": (south.cin_manager, 404),
    }
    wrong = []
    for who, (user, answer) in expected.items():
        client = client_for(user)
        for page, url in pages.items():
            status = client.get(url).status_code
            if status != answer:
                wrong.append(f"{who} {page}: {status}, expected {answer}")
    assert not wrong, wrong
    # Once held, the runners are sent back to the meeting.
    hold(setup, meeting)
    for url in pages.values():
        assert client_for(north.social_worker).get(url).status_code == 302
