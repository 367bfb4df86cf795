"""Retention dates (pure): a period ends on the same day that many years and months on; 25 years
from a date of birth is the 25th birthday; the sweep's week starts on a Monday."""

from datetime import date

import pytest

from retention import clocks


@pytest.mark.parametrize(
    ("trigger", "years", "months", "due"),
    [
        (date(2020, 3, 15), 6, 0, date(2026, 3, 15)),
        (date(2004, 2, 29), 25, 0, date(2029, 2, 28)),  # no 29 February in 2029
        (date(2026, 1, 31), 0, 1, date(2026, 2, 28)),
        (date(2019, 8, 31), 1, 6, date(2021, 2, 28)),
    ],
)
def test_review_due(trigger, years, months, due):
    assert clocks.review_due(trigger_date=trigger, years=years, months=months) == due


@pytest.mark.parametrize(
    ("today", "years", "months", "latest"),
    [
        (date(2026, 3, 15), 6, 0, date(2020, 3, 15)),
        # Born 29 February 2004: 25 on 28 February 2029, so listed that day, not on 1 March.
        (date(2029, 2, 28), 25, 0, date(2004, 2, 29)),
        (date(2029, 2, 27), 25, 0, date(2004, 2, 27)),
        (date(2026, 2, 28), 0, 1, date(2026, 1, 31)),
    ],
)
def test_the_latest_trigger_whose_period_has_ended(today, years, months, latest):
    assert clocks.latest_trigger_due_by(today=today, years=years, months=months) == latest
    # Exactly the boundary: the next day's period has not ended.
    assert clocks.review_due(trigger_date=latest, years=years, months=months) <= today


def test_the_week_starts_on_monday():
    assert clocks.week_starting(date(2026, 12, 7)) == date(2026, 12, 7)  # a Monday
    assert clocks.week_starting(date(2026, 12, 13)) == date(2026, 12, 7)  # the Sunday after
