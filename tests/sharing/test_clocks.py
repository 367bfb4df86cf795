from datetime import date

import pytest

from sharing.clocks import privacy_notice_due, privacy_notice_reminder_on


@pytest.mark.parametrize(
    ("obtained", "due"),
    [
        (date(2026, 1, 31), date(2026, 3, 2)),  # 28 Feb 2026 is a Saturday (DESIGN §10)
        (date(2026, 4, 15), date(2026, 5, 15)),  # DESIGN §10
        (date(2026, 1, 15), date(2026, 2, 16)),  # 15 Feb is a Sunday
        (date(2026, 11, 25), date(2026, 12, 29)),  # 25 Dec Friday, 28 Dec bank holiday (Boxing Day substitute)
        (date(2026, 3, 31), date(2026, 4, 30)),  # April has no 31st
        (date(2024, 1, 31), date(2024, 2, 29)),  # a leap year
        (date(2026, 4, 4), date(2026, 5, 5)),  # 4 May 2026 is the early May bank holiday
    ],
)
def test_privacy_notice_is_due_one_month_later_on_a_working_day(obtained, due):
    assert privacy_notice_due(obtained) == due


def test_the_first_reminder_is_seven_days_before():
    assert privacy_notice_reminder_on(date(2026, 5, 15)) == date(2026, 5, 8)
