"""The subject access clock: the privacy notices' ICO month, and one extension of up to two months."""

from datetime import date

import pytest

from sharing.clocks import privacy_notice_due
from subject_rights import clocks


def test_received_31_january_is_due_28_february_moved_to_the_next_working_day():
    # 28 February 2026 is a Saturday: due Monday 2 March, exactly as a privacy notice would be.
    assert clocks.subject_access_due(date(2026, 1, 31)) == date(2026, 3, 2)
    assert clocks.subject_access_due(date(2026, 1, 31)) == privacy_notice_due(date(2026, 1, 31))


def test_a_working_day_due_date_stays():
    assert clocks.subject_access_due(date(2026, 4, 15)) == date(2026, 5, 15)


@pytest.mark.parametrize(
    ("received", "months", "due"),
    [
        (date(2026, 1, 31), 2, date(2026, 4, 30)),  # three months after receipt, the month's last day
        (date(2026, 1, 31), 1, date(2026, 3, 31)),
        (date(2026, 3, 4), 2, date(2026, 6, 4)),
        (date(2026, 2, 28), 2, date(2026, 5, 28)),
    ],
)
def test_an_extension_adds_one_or_two_months(received, months, due):
    assert clocks.subject_access_extended_due(received, months=months) == due


def test_an_extension_landing_on_a_bank_holiday_moves_to_the_next_working_day():
    # 25 May 2026 is the spring bank holiday.
    assert clocks.subject_access_extended_due(date(2026, 2, 25), months=2) == date(2026, 5, 26)


@pytest.mark.parametrize("months", [0, 3, -1])
def test_an_extension_is_never_more_than_two_months(months):
    with pytest.raises(ValueError):
        clocks.subject_access_extended_due(date(2026, 1, 5), months=months)


def test_rag():
    assert clocks.rag(date(2026, 3, 10), date(2026, 3, 11)) == "red"
    assert clocks.rag(date(2026, 3, 10), date(2026, 3, 3)) == "orange"
    assert clocks.rag(date(2026, 3, 10), date(2026, 3, 2)) == "green"
