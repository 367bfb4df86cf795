from datetime import date

import pytest

from portal import clocks


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 20), True),  # Friday
        (date(2026, 11, 21), False),  # Saturday
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 28), False),  # Boxing Day substitute (26th is a Saturday)
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 8, 31), False),  # Summer bank holiday (England, not Scotland's date)
        (date(2026, 8, 3), True),  # Scotland's summer holiday is a working day in England
    ],
)
def test_working_days_are_weekdays_that_are_not_england_bank_holidays(day, working):
    assert clocks.is_working_day(day) is working


def test_next_working_day_after_skips_weekends_and_bank_holidays():
    assert clocks.next_working_day_after(date(2026, 12, 24)) == date(2026, 12, 29)
    assert clocks.next_working_day_after(date(2026, 4, 17)) == date(2026, 4, 20)
    assert clocks.add_working_days(date(2026, 12, 24), 2) == date(2026, 12, 30)
