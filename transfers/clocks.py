"""The Child-in-Need transfer clock (DESIGN §10). Pure functions of dates; no database.

The receiving authority decides on the level of risk or need within 15 days of the referral
(`TRANSFER_DECISION_DAYS`, counted in calendar days unless `TRANSFER_DECISION_DAY_KIND` is
"working"). Settings are read only when a caller leaves a parameter out, so every rule can be tested
with explicit values.
"""

from datetime import date, timedelta
from typing import Literal

from django.conf import settings

from portal.clocks import add_working_days

Rag = Literal["green", "amber", "red"]

CALENDAR = "calendar"
WORKING = "working"
AMBER_DAYS = 5  # amber when this many days or fewer are left
SENIOR_ESCALATION_AFTER_DAYS = 5  # level 2 when still undecided this many days after the due date


def decision_due(referred_on: date, *, days: int | None = None, day_kind: str | None = None) -> date:
    """The day the receiving authority's decision is due: referred 2 March 2026 -> due 17 March 2026
    (15 calendar days); overdue from the day after."""
    days = settings.TRANSFER_DECISION_DAYS if days is None else days
    day_kind = settings.TRANSFER_DECISION_DAY_KIND if day_kind is None else day_kind
    if day_kind == WORKING:
        return add_working_days(referred_on, days)
    if day_kind == CALENDAR:
        return referred_on + timedelta(days=days)
    raise ValueError(f"TRANSFER_DECISION_DAY_KIND must be {CALENDAR!r} or {WORKING!r}, not {day_kind!r}")


def days_left(due: date, today: date) -> int:
    """Days until the decision is due: 0 on the day itself, negative once overdue."""
    return (due - today).days


def is_overdue(due: date, today: date) -> bool:
    return today > due


def rag(due: date, today: date) -> Rag:
    """Green with more than 5 days left, amber with 0 to 5, red once overdue."""
    left = days_left(due, today)
    if left > AMBER_DAYS:
        return "green"
    if left >= 0:
        return "amber"
    return "red"


def escalation_level(due: date, today: date) -> int:
    """0 until overdue, 1 once overdue, 2 when today is more than 5 days after the due date."""
    if not is_overdue(due, today):
        return 0
    if today > due + timedelta(days=SENIOR_ESCALATION_AFTER_DAYS):
        return 2
    return 1


def describe(due: date, today: date) -> str:
    """What a person reads next to the RAG tag: "5 days left", "Due today", "3 days overdue"."""
    left = days_left(due, today)
    if left > 0:
        return f"{left} day{'s' if left != 1 else ''} left"
    if left == 0:
        return "Due today"
    return f"{-left} day{'s' if left != -1 else ''} overdue"


def dispute_senior_on(disputed_on: date, *, working_days: int | None = None) -> date:
    """The day a dispute still open goes to level 2: `TRANSFER_DISPUTE_LEVEL_TWO_WORKING_DAYS`
    working days (default 5) after it opened. Disputed Monday 2 March 2026 -> level 2 on Monday 9 March."""
    working_days = settings.TRANSFER_DISPUTE_LEVEL_TWO_WORKING_DAYS if working_days is None else working_days
    return add_working_days(disputed_on, working_days)


def referral_escalates_on(move_date: date, *, working_days: int | None = None) -> date:
    """A draft transfer not referred after the move goes to the team manager this day:
    `TRANSFER_REFERRAL_ESCALATE_WORKING_DAYS` working days (default 2) after the move date."""
    working_days = settings.TRANSFER_REFERRAL_ESCALATE_WORKING_DAYS if working_days is None else working_days
    return add_working_days(move_date, working_days)
