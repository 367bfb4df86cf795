from datetime import date

import pytest

from meetings import clocks


@pytest.mark.parametrize(
    ("due", "escalates"),
    [
        (date(2026, 12, 4), date(2026, 12, 8)),  # Friday → Tuesday
        (date(2026, 12, 23), date(2026, 12, 29)),  # Wednesday → Tuesday after Christmas and Boxing Day
        (date(2026, 3, 2), date(2026, 3, 4)),  # Monday → Wednesday
    ],
)
def test_an_action_escalates_on_the_second_working_day_after_its_due_date(due, escalates):
    assert clocks.escalates_on(due) == escalates


def test_overdue_from_the_day_after_the_due_date():
    assert not clocks.is_overdue(date(2026, 12, 4), date(2026, 12, 4))
    assert clocks.is_overdue(date(2026, 12, 4), date(2026, 12, 5))


@pytest.mark.parametrize("today", [date(2026, 12, d) for d in range(1, 32)])
def test_latest_due_escalating_agrees_with_escalates_on(today):
    latest = clocks.latest_due_escalating(today)
    assert clocks.escalates_on(latest) <= today
    assert clocks.escalates_on(date.fromordinal(latest.toordinal() + 1)) > today


def test_rag():
    assert clocks.rag(date(2026, 12, 4), date(2026, 12, 5)) == "red"
    assert clocks.rag(date(2026, 12, 4), date(2026, 12, 3)) == "orange"
    assert clocks.rag(date(2026, 12, 10), date(2026, 12, 3)) == "green"
