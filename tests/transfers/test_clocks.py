"""The transfer clock (DESIGN §10): the decision is due 15 days after the referral."""

from datetime import date, timedelta

import pytest

from transfers import clocks


def test_design_example_referred_2_march_is_due_17_march_and_overdue_from_18_march():
    due = clocks.decision_due(date(2026, 3, 2), days=15, day_kind="calendar")
    assert due == date(2026, 3, 17)
    assert not clocks.is_overdue(due, date(2026, 3, 17))
    assert clocks.is_overdue(due, date(2026, 3, 18))


def test_the_defaults_come_from_settings(settings):
    settings.TRANSFER_DECISION_DAYS = 15
    settings.TRANSFER_DECISION_DAY_KIND = "calendar"
    assert clocks.decision_due(date(2026, 3, 2)) == date(2026, 3, 17)


def test_a_different_number_of_days_in_settings_is_honoured(settings):
    settings.TRANSFER_DECISION_DAYS = 10
    assert clocks.decision_due(date(2026, 3, 2)) == date(2026, 3, 12)


def test_working_days_in_settings_skip_weekends_and_bank_holidays(settings):
    settings.TRANSFER_DECISION_DAYS = 15
    settings.TRANSFER_DECISION_DAY_KIND = "working"
    # Monday 2 March 2026: 15 working days later is Monday 23 March (three weekends skipped).
    assert clocks.decision_due(date(2026, 3, 2)) == date(2026, 3, 23)
    # Over Easter 2026 (Good Friday 3 April, Easter Monday 6 April are bank holidays in England).
    assert clocks.decision_due(date(2026, 3, 30), days=5) == date(2026, 4, 8)


def test_an_unknown_day_kind_is_an_error_not_a_silent_default():
    with pytest.raises(ValueError, match="calendar"):
        clocks.decision_due(date(2026, 3, 2), day_kind="fortnightly")


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 2), "green"),  # 15 days left
        (date(2026, 3, 11), "green"),  # 6 days left
        (date(2026, 3, 12), "amber"),  # 5 days left
        (date(2026, 3, 17), "amber"),  # due today
        (date(2026, 3, 18), "red"),  # overdue
        (date(2026, 4, 30), "red"),
    ],
)
def test_rag_green_more_than_5_days_amber_0_to_5_red_overdue(today, expected):
    assert clocks.rag(date(2026, 3, 17), today) == expected


@pytest.mark.parametrize(
    ("today", "level"),
    [
        (date(2026, 3, 2), 0),
        (date(2026, 3, 17), 0),  # due today: not overdue yet
        (date(2026, 3, 18), 1),  # day 16 after the referral
        (date(2026, 3, 22), 1),  # due + 5: still level 1
        (date(2026, 3, 23), 2),  # day 21 after the referral: more than 5 days after the due date
        (date(2026, 5, 1), 2),
    ],
)
def test_escalation_level_0_until_overdue_1_when_overdue_2_more_than_5_days_after(today, level):
    assert clocks.escalation_level(date(2026, 3, 17), today) == level


def test_day_16_and_day_21_after_the_referral_are_the_escalation_days():
    referred = date(2026, 3, 2)
    due = clocks.decision_due(referred, days=15, day_kind="calendar")
    levels = {n: clocks.escalation_level(due, referred + timedelta(days=n)) for n in range(0, 25)}
    assert min(n for n, level in levels.items() if level == 1) == 16
    assert min(n for n, level in levels.items() if level == 2) == 21


@pytest.mark.parametrize(
    ("today", "text"),
    [
        (date(2026, 3, 12), "5 days left"),
        (date(2026, 3, 16), "1 day left"),
        (date(2026, 3, 17), "Due today"),
        (date(2026, 3, 18), "1 day overdue"),
        (date(2026, 3, 20), "3 days overdue"),
    ],
)
def test_days_left_read_as_a_person_would_say_them(today, text):
    assert clocks.describe(date(2026, 3, 17), today) == text
