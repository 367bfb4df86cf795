"""The MAST screening clock (DESIGN §10). Pure functions of dates in Europe/London; no database.

A referral must be screened within one working day: the decision is due on the next working day
after the day it was submitted (Monday to Friday, not an England bank holiday). It is overdue from
the day after the due date; still unscreened one working day after the due date, it goes up a level.
"""

from datetime import date, datetime, timedelta
from enum import IntEnum

from portal.clocks import next_working_day_after


def screening_due(submitted_on: date) -> date:
    """The next working day after `submitted_on`.

    Thu 24 Dec 2026 -> Tue 29 Dec 2026 (Christmas Day, then Boxing Day substituted to Monday);
    Fri 17 Apr 2026 -> Mon 20 Apr 2026.
    """
    return next_working_day_after(submitted_on)


def is_overdue(due: date, today: date) -> bool:
    return today > due


def escalation_level(due: date, today: date) -> int:
    """0 until overdue; 1 (MAST team manager) once overdue; 2 (Caldicott Guardian / lead
    information officer) once it is still unscreened a full working day after the due date."""
    if today <= due:
        return 0
    if today <= next_working_day_after(due):
        return 1
    return 2


def rag(due: date, today: date) -> str:
    """For the queue: "green" before the due day, "amber" on it, "red" once overdue."""
    if today < due:
        return "green"
    if today == due:
        return "amber"
    return "red"


def level_two_due_on_or_before(today: date) -> date:
    """The latest due date whose screening is at level 2 on `today` (what the sweep's query asks):
    the due dates at level 2 are those a full working day behind, so the latest is found by stepping
    back from yesterday. Mon 7 Dec 2026 -> Thu 3 Dec 2026 (Friday's next working day is Monday)."""
    due = today - timedelta(days=1)
    while escalation_level(due, today) < 2:
        due -= timedelta(days=1)
    return due


class Band(IntEnum):
    """The screening queue's order: immediate referrals first whatever their due date, then the
    overdue, then those due today, then the rest."""

    IMMEDIATE = 0
    OVERDUE = 1
    DUE_TODAY = 2
    LATER = 3


def hours_since(received: datetime, now: datetime) -> int:
    """Whole hours since an immediate referral was received (never negative)."""
    return max(0, int((now - received).total_seconds() // 3600))
