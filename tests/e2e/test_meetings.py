"""A professionals meeting in Chromium (issue 16, guidance §8): a social worker calls a meeting about
a child the agencies are stuck with, the health visitor already on the child's "who is involved"
list ticked for them; after the meeting they record attendance, the minutes (facts apart from
opinion) and an action for the health visitor, and share the minutes with those who came. The
action is not done: the next day the sweep reminds its owner, and on the second working day after
its due date it escalates to the chair's team manager, who sees it in their escalations."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings import clocks, services
from meetings.models import MeetingAction, ProfessionalsMeeting
from portal.models import Escalation, Notification
from sharing import rules as sharing_rules
from sharing import selectors as sharing_selectors
from sharing.models import SharingDecision
from tests.e2e.test_child_journey import sign_in
from tests.e2e.test_ei_moves import fill_date, success
from tests.e2e.test_referrals import sign_out
from tests.meetings.factories import involved_child

pytestmark = pytest.mark.e2e


def test_a_social_worker_calls_a_meeting_records_minutes_and_an_action_that_goes_overdue_and_escalates(
    page, setup, screenshots, time_machine
):
    child = involved_child(setup, first_name="Robin", last_name="Stuck")
    north, health_visitor = setup.north, setup.health_visitor
    today = timezone.localdate()

    # --- The social worker calls the meeting from the child's page ------------------------------
    sign_in(page, north.social_worker.username)
    page.goto(f"/children/{child.pk}/")
    page.get_by_test_id("child-links").get_by_role("link", name="Call a professionals meeting").click()
    expect(page.get_by_role("heading", name="Call a professionals meeting")).to_be_visible()
    page.get_by_role("button", name="Call the meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the meeting is needed")
    # The agencies on the "who is involved" list are already ticked: the health visitor among them.
    expect(page.get_by_label(re.compile(re.escape(str(health_visitor))))).to_be_checked()
    page.get_by_label("Why is the meeting needed?").fill("The family has stopped engaging and the agencies are stuck.")
    fill_date(page, "meets_on", today)
    page.get_by_label("Who chairs the meeting?").select_option(str(north.cin_manager.pk))
    page.screenshot(path=screenshots / "1-call-the-meeting.png", full_page=True)
    page.get_by_role("button", name="Call the meeting").click()
    expect(success(page)).to_contain_text("Meeting called")
    expect(page.get_by_test_id("meeting-state")).to_have_text("Called")
    meeting = ProfessionalsMeeting.objects.get(child=child)
    assert Notification.objects.filter(recipient=health_visitor, event_key=f"meeting:{meeting.pk}:invited").exists()

    # --- After the meeting: attendance, minutes (facts apart from opinion), decisions -----------
    page.get_by_role("link", name="Record the minutes").click()
    page.get_by_label(re.compile(re.escape(str(north.social_worker)))).check()
    page.get_by_label(re.compile(re.escape(str(health_visitor)))).check()
    page.get_by_label("What was reported (facts)").fill("Attendance 60%. Two missed health appointments.")
    page.get_by_label("Professional opinion and analysis (optional)").fill("The family may feel judged.")
    page.get_by_label("What did the meeting decide?").fill("A joint visit; a new health appointment offered.")
    page.get_by_role("button", name="Record the minutes").click()
    expect(success(page)).to_contain_text("minutes and decisions recorded")
    expect(page.get_by_test_id("minutes")).to_contain_text("The family may feel judged.")

    # --- An action for the health visitor, due in two days ---------------------------------------
    due = today + timedelta(days=2)
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What is to be done?").fill("Offer the family a new health appointment")
    page.get_by_label("Who owns it?").select_option(str(health_visitor.pk))
    fill_date(page, "due_on", due)
    page.get_by_role("button", name="Add the action").click()
    expect(success(page)).to_contain_text("Action added")
    expect(page.get_by_test_id("meeting-action")).to_contain_text("Offer the family a new health appointment")

    # --- The minutes shared with those who came, as a decision to share --------------------------
    page.get_by_role("link", name="Share the minutes").click()
    page.get_by_label("Family and household").check()
    page.get_by_label("Social care history and plans").check()
    public_task = sharing_selectors.lawful_basis_required(code=sharing_rules.ARTICLE_6_PUBLIC_TASK)
    page.get_by_label("UK GDPR Article 6 lawful basis").select_option(str(public_task.pk))
    page.locator("#id_individual_told_1").check()  # "Yes"
    page.get_by_label("Your reasons for sharing").fill("Each agency needs the minutes to act on the decisions.")
    page.get_by_role("button", name="Share the minutes").click()
    expect(success(page)).to_contain_text("Minutes shared")
    expect(page.get_by_test_id("minutes-shared")).to_be_visible()
    page.screenshot(path=screenshots / "2-meeting-held.png", full_page=True)
    decision = SharingDecision.objects.get(child=child, recipient_user=health_visitor, context_id=meeting.pk)
    assert decision.article_6_basis == public_task
    sign_out(page)

    # --- The action goes overdue: the owner is reminded, then the chair's manager is told --------
    action = MeetingAction.objects.get(meeting=meeting)
    time_machine.move_to(timezone.now() + timedelta(days=3))
    assert services.action_escalate_overdue(today=timezone.localdate())["overdue_actions_reminded"] == 1
    sign_in(page, health_visitor.username)
    expect(page.get_by_text("Your actions from professionals meetings")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Offer the family a new health appointment"))).to_be_visible()
    expect(page.get_by_text(re.compile("Overdue, due"))).to_be_visible()
    page.screenshot(path=screenshots / "3-owner-home-overdue.png", full_page=True)
    sign_out(page)

    escalating = clocks.escalates_on(due)
    time_machine.move_to(timezone.now() + timedelta(days=(escalating - timezone.localdate()).days))
    assert services.action_escalate_overdue(today=timezone.localdate())["overdue_actions_escalated"] == 1
    escalation = Escalation.objects.get(kind=Escalation.Kind.MEETING_ACTION_OVERDUE, subject_id=action.pk)
    sign_in(page, north.cin_manager.username)
    page.goto("/escalations/")
    expect(page.get_by_test_id("escalation-table")).to_contain_text("Professionals meeting action overdue")
    page.goto(f"/escalations/{escalation.pk}/")
    expect(page.locator("main")).to_contain_text("Professionals meeting action overdue")
    page.screenshot(path=screenshots / "4-escalated-to-the-chair-s-manager.png", full_page=True)
    sign_out(page)

    # --- Done: the escalation closes -------------------------------------------------------------
    sign_in(page, health_visitor.username)
    page.goto(f"/meetings/{meeting.pk}/actions/{action.pk}/done/")
    page.get_by_role("button", name="Yes, it is done").click()
    expect(success(page)).to_contain_text("Action done")
    escalation.refresh_from_db()
    assert escalation.is_closed
