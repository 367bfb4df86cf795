"""The screening clock's sweep: overdue screenings escalate, once per level (`referrals/services/sweeps.py`)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from portal.models import Escalation, Notification
from referrals import services
from referrals.models import Outcome
from tests.referrals import factories
from tests.referrals.factories import sent

LONDON = ZoneInfo("Europe/London")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def test_overdue_screening_goes_to_the_mast_manager_then_the_caldicott_guardian_once_each(setup):
    with time_machine.travel(at(2026, 3, 5, 11, 0), tick=False):  # Thursday: due Friday 6 March
        referral = sent(setup)
        other = sent(setup)
        factories.screened(setup, other, outcome=Outcome.NO_FURTHER_ACTION)
    screening = referral.screenings.get()

    assert services.screening_escalate_overdue(today=date(2026, 3, 6)) == {"escalations_raised": 0}

    assert services.screening_escalate_overdue(today=date(2026, 3, 9)) == {"escalations_raised": 1}
    level_1 = Escalation.objects.get(kind=Escalation.Kind.SCREENING_OVERDUE)
    assert level_1.subject == screening and level_1.level == 1
    assert set(level_1.assignees.all()) == {setup.north.mast_manager}
    assert level_1.organisation == setup.north.org and level_1.child == referral.child
    assert referral.reference in level_1.summary
    assert services.screening_escalate_overdue(today=date(2026, 3, 9)) == {"escalations_raised": 0}

    assert services.screening_escalate_overdue(today=date(2026, 3, 10)) == {"escalations_raised": 1}
    level_2 = Escalation.objects.get(kind=Escalation.Kind.SCREENING_OVERDUE, level=2)
    assert set(level_2.assignees.all()) == {setup.north.caldicott, setup.north.info_lead}
    assert services.screening_escalate_overdue(today=date(2026, 3, 20)) == {"escalations_raised": 0}
    assert Escalation.objects.filter(kind=Escalation.Kind.SCREENING_OVERDUE).count() == 2
    assert (
        Notification.objects.filter(recipient=setup.north.mast_manager, subject__startswith="Escalation").count() == 1
    )


def test_a_screening_left_late_for_days_raises_both_levels_in_one_run(setup):
    with time_machine.travel(at(2026, 3, 5, 11, 0), tick=False):
        sent(setup)
    assert services.screening_escalate_overdue(today=date(2026, 3, 16)) == {"escalations_raised": 2}
