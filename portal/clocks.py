"""Working days, shared by every app's clocks (DESIGN §10). Pure functions; no database.

A working day is Monday to Friday that is not an England bank holiday.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def england_bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in england_bank_holidays(day.year)


def next_working_day_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def next_working_day_after(day: date) -> date:
    return next_working_day_on_or_after(day + timedelta(days=1))


def add_working_days(day: date, count: int) -> date:
    for _ in range(count):
        day = next_working_day_after(day)
    return day
