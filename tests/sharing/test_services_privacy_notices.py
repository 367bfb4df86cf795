"""Privacy notices: owed, reminded, escalated when overdue, closed as provided or exempt."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from portal import services as core
from portal import sweeps
from portal.models import Escalation, Notification
from portal.services import InvalidTransition
from sharing import services
from sharing.models import ConsentRecord, PrivacyNotice, SharingDecision
from tests.sharing.factories import (
    add_significant_other,
)


def test_a_privacy_notice_is_owed_when_details_come_from_a_third_party(setup, child):
    link = add_significant_other(setup, child, date(2026, 1, 31))
    notice = PrivacyNotice.objects.get(relationship=link)
    assert notice.due_on == date(2026, 3, 2)
    assert notice.responsible == setup.north.social_worker
    core.person_add_to_child(
        actor=setup.north.social_worker,
        child=child,
        person=core.PersonDetails(first_name="Mum", last_name="Self"),
        relationship=core.RelationshipDetails(kind="mother", source="person"),
    )
    assert PrivacyNotice.objects.count() == 1


def test_reminders_go_seven_days_before_and_on_the_day_once_each(setup, child, time_machine):
    add_significant_other(setup, child, date(2026, 4, 15))  # due Friday 15 May 2026
    worker = setup.north.social_worker

    def reminders():
        return Notification.objects.filter(recipient=worker, event_key__contains="reminder").count()

    assert sweeps.run("send_privacy_notice_reminders", today=date(2026, 5, 7)).counts == {"reminders_sent": 0}
    sweeps.run("send_privacy_notice_reminders", today=date(2026, 5, 8))
    sweeps.run("send_privacy_notice_reminders", today=date(2026, 5, 8))
    assert reminders() == 1
    sweeps.run("send_privacy_notice_reminders", today=date(2026, 5, 15))
    sweeps.run("send_privacy_notice_reminders", today=date(2026, 5, 15))
    assert reminders() == 2


def test_a_reminder_missed_while_the_worker_was_down_is_sent_when_it_is_back(setup, child):
    add_significant_other(setup, child, date(2026, 4, 15))  # reminder due 8 May
    # Nothing ran from 7 May until 11 May.
    sweeps.run("send_privacy_notice_reminders", today=date(2026, 5, 11))
    assert Notification.objects.filter(event_key__endswith="reminder:7-days").count() == 1


def test_overdue_notices_escalate_to_the_team_manager_and_lead_information_officer_once(setup, child):
    add_significant_other(setup, child, date(2026, 4, 15))
    assert sweeps.run("escalate_overdue_privacy_notices", today=date(2026, 5, 15)).counts == {"escalations_raised": 0}
    assert sweeps.run("escalate_overdue_privacy_notices", today=date(2026, 5, 18)).counts == {"escalations_raised": 1}
    assert sweeps.run("escalate_overdue_privacy_notices", today=date(2026, 5, 19)).counts == {"escalations_raised": 0}
    escalation = Escalation.objects.get(kind=Escalation.Kind.PRIVACY_NOTICE_OVERDUE)
    assert set(escalation.assignees.all()) == {setup.north.cin_manager, setup.north.info_lead}


def test_closing_a_notice_stops_the_clock(setup, child):
    link = add_significant_other(setup, child, date(2026, 4, 15))
    notice = link.privacy_notice
    with pytest.raises(ValidationError):
        services.privacy_notice_mark_exempt(
            actor=setup.north.social_worker, notice=notice, exemption="impair_purpose", justification=""
        )
    services.privacy_notice_mark_exempt(
        actor=setup.north.social_worker,
        notice=notice,
        exemption="impair_purpose",
        justification="Telling him would alert him to the enquiry.",
    )
    assert sweeps.run("escalate_overdue_privacy_notices", today=date(2026, 6, 1)).counts == {"escalations_raised": 0}
    with pytest.raises(InvalidTransition):
        services.privacy_notice_mark_provided(
            actor=setup.north.social_worker, notice=notice, how="letter", provided_on=date(2026, 5, 1)
        )
    assert SharingDecision.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
