"""The intelligence clock (DESIGN §10). Pure functions of dates; no database.

A submitted item is assessed within one working day: by the end of the next working day after the
day it was submitted; not assessed by then, it is overdue from the day after and goes to the Child
Exploitation team's manager.
"""

from datetime import date

from portal.clocks import next_working_day_after


def assessment_due(submitted_on: date) -> date:
    """Submitted Thursday 24 December 2026 → due Tuesday 29 December 2026."""
    return next_working_day_after(submitted_on)


def is_overdue(due: date, today: date) -> bool:
    return today > due
