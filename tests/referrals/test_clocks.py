"""The MAST screening clock (DESIGN §10): the decision is due the next working day."""

from datetime import date

import pytest

from referrals import clocks


@pytest.mark.parametrize(
    ("submitted_on", "due"),
    [
        # DESIGN §10: Christmas Day (Fri) and Boxing Day (Sat, substituted to Mon 28th) are skipped.
        (date(2026, 12, 24), date(2026, 12, 29)),
        # DESIGN §10: a Friday's referral is due on Monday.
        (date(2026, 4, 17), date(2026, 4, 20)),
        # Good Friday 3 April and Easter Monday 6 April 2026.
        (date(2026, 4, 2), date(2026, 4, 7)),
        # Early May bank holiday, Monday 4 May 2026.
        (date(2026, 5, 1), date(2026, 5, 5)),
        # An ordinary week.
        (date(2026, 3, 2), date(2026, 3, 3)),
        (date(2026, 3, 4), date(2026, 3, 5)),
        # Sent at the weekend: due the next working day.
        (date(2026, 3, 7), date(2026, 3, 9)),
        (date(2026, 3, 8), date(2026, 3, 9)),
        # New Year's Day, Thursday 1 January 2026.
        (date(2025, 12, 31), date(2026, 1, 2)),
    ],
)
def test_screening_is_due_the_next_working_day(submitted_on, due):
    assert clocks.screening_due(submitted_on) == due


@pytest.mark.parametrize(
    ("today", "level"),
    [
        (date(2026, 3, 2), 0),  # sent
        (date(2026, 3, 3), 0),  # due today: not overdue yet
        (date(2026, 3, 4), 1),  # overdue: MAST team manager
        (date(2026, 3, 5), 2),  # still unscreened a working day after the due date: Caldicott Guardian
        (date(2026, 3, 20), 2),
    ],
)
def test_escalation_level_for_a_screening_due_tuesday_3_march(today, level):
    assert clocks.escalation_level(date(2026, 3, 3), today) == level


def test_the_second_level_waits_for_a_working_day_over_a_weekend_and_bank_holiday():
    due = date(2026, 12, 24)  # Thursday; the next working day after it is Tuesday 29th
    assert clocks.escalation_level(due, date(2026, 12, 25)) == 1
    assert clocks.escalation_level(due, date(2026, 12, 29)) == 1
    assert clocks.escalation_level(due, date(2026, 12, 30)) == 2


def test_rag_and_overdue():
    due = date(2026, 3, 3)
    assert clocks.rag(due, date(2026, 3, 2)) == "green"
    assert clocks.rag(due, due) == "amber"
    assert clocks.rag(due, date(2026, 3, 4)) == "red"
    assert not clocks.is_overdue(due, due)
    assert clocks.is_overdue(due, date(2026, 3, 4))


def test_the_sweeps_level_two_cut_off_is_exactly_the_due_dates_at_level_two():
    from datetime import date, timedelta

    from referrals.clocks import escalation_level, level_two_due_on_or_before

    for offset in range(40):  # across Christmas and New Year bank holidays and weekends
        today = date(2026, 12, 10) + timedelta(days=offset)
        cut_off = level_two_due_on_or_before(today)
        for back in range(1, 15):
            due = today - timedelta(days=back)
            assert (escalation_level(due, today) == 2) == (due <= cut_off), (today, due)
