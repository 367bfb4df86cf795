"""The Early Intervention clocks (DESIGN §10). Pure functions of dates; no database.

A referral the multi-agency meeting decides on is made "without delay": it must be sent by the end of
the next working day after the outcome was recorded. Agreed transfer plan items are due on the date
the agencies agreed. Both are overdue from the day after their due date.
"""

from datetime import date

from portal.clocks import next_working_day_after


def referral_due(outcome_on: date) -> date:
    """The day a follow-up referral must be sent by: the next working day after the outcome (an
    outcome on Thursday 24 December 2026 → Tuesday 29 December 2026)."""
    return next_working_day_after(outcome_on)


def is_overdue(due: date, today: date) -> bool:
    """A follow-up referral or an agreed plan item is overdue from the day after its due date."""
    return today > due
