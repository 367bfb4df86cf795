"""Retention dates: pure functions, no database (DESIGN §10)."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta


def review_due(*, trigger_date: date, years: int, months: int) -> date:
    """The day the retention period ends: 25 years from a date of birth is the 25th birthday (a
    birthday on 29 February falls on 28 February in a year that has none)."""
    return trigger_date + relativedelta(years=years, months=months)


def latest_trigger_due_by(*, today: date, years: int, months: int) -> date:
    """The latest trigger date whose period has ended by `today`: the sweep lists records counted
    from this day or earlier. (Not `today - period`, which is a day late when the period ends on a
    29 February that the earlier year did not have.)"""
    latest = today - relativedelta(years=years, months=months)
    while review_due(trigger_date=latest + timedelta(days=1), years=years, months=months) <= today:
        latest += timedelta(days=1)
    return latest


def week_starting(day: date) -> date:
    """The Monday of the week `day` is in: the sweep lists once a week."""
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)
