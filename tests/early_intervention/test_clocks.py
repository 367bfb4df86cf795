"""The Early Intervention move clocks (DESIGN §10): a referral "without delay" is due by the next
working day after the outcome; an agreed plan item by its date. Overdue from the day after."""

from datetime import date

import pytest

from early_intervention.clocks import is_overdue, referral_due


@pytest.mark.parametrize(
    ("outcome_on", "due"),
    [
        (date(2026, 3, 4), date(2026, 3, 5)),  # Wednesday -> Thursday
        (date(2026, 3, 6), date(2026, 3, 9)),  # Friday -> Monday
        (date(2026, 3, 7), date(2026, 3, 9)),  # Saturday -> Monday
        (date(2026, 4, 2), date(2026, 4, 7)),  # Thursday before Good Friday -> Tuesday after Easter Monday
        (date(2026, 12, 24), date(2026, 12, 29)),  # Christmas Eve -> after Christmas and the Boxing Day holiday
        (date(2026, 8, 28), date(2026, 9, 1)),  # Friday before the August bank holiday -> Tuesday
    ],
)
def test_a_referral_is_due_the_next_working_day_after_the_outcome(outcome_on, due):
    assert referral_due(outcome_on) == due


def test_overdue_from_the_day_after_the_due_date():
    due = date(2026, 3, 5)
    assert not is_overdue(due, date(2026, 3, 4))
    assert not is_overdue(due, due)
    assert is_overdue(due, date(2026, 3, 6))
