"""The clocks of professionals meetings' actions (DESIGN §10). Pure functions of dates; no database.

An action is due on the date the meeting agreed, and overdue from the day after it: from then its
owner is reminded. If it is still not done on the second working day after its due date, it is
escalated to the managers of the chair's team: the owner has had the reminder and at least one full
working day to act on it (due Friday 4 December 2026 → reminded from Saturday 5 December, escalated
on Tuesday 8 December).
"""

from datetime import date, timedelta

from portal.clocks import add_working_days

ESCALATION_WORKING_DAYS = 2


def is_overdue(due: date, today: date) -> bool:
    """Overdue from the day after the due date."""
    return today > due


def escalates_on(due: date) -> date:
    """The day an action not done is escalated to the chair's team managers: the second working day
    after its due date."""
    return add_working_days(due, ESCALATION_WORKING_DAYS)


def latest_due_escalating(today: date) -> date:
    """The latest due date whose action, not done, is escalated by `today` (so the sweep can ask the
    database for `due_on <= latest_due_escalating(today)`): `escalates_on` only grows with the due date."""
    day = today
    while escalates_on(day) > today:
        day -= timedelta(days=1)
    return day


def rag(due: date, today: date) -> str:
    """A GOV.UK tag colour for an open action: red when overdue, orange when due within two days."""
    if is_overdue(due, today):
        return "red"
    return "orange" if (due - today).days <= 2 else "green"


# --- When the access an invitation gave ends -----------------------------------------------------
#
# An invitation gives a practitioner who could not see the child's record access to it, so that they
# come prepared and can act on what the meeting decides. It ends (through the grants ledger):
# * at once, when the meeting is cancelled or the invitee is taken off the list;
# * otherwise ACCESS_DAYS_AFTER_MEETING days after the meeting date, once the invitee owns no open
#   action from it (an owner keeps access until their last action is done: they need the record to
#   do it, and an overdue action is chased by the sweep, so this never lasts unnoticed).
# Why a fixed period rather than "minutes shared and every action done" for everyone: a meeting whose
# minutes are never shared, or whose actions belong to others, would otherwise keep every invitee's
# access open for ever; and what an attendee needs afterwards (the minutes) stays theirs through the
# decision to share them, not through the record. Four weeks covers minutes written and circulated
# (usually within ten working days) and corrections asked for.
ACCESS_DAYS_AFTER_MEETING = 28


def access_ends_on(meets_on: date) -> date:
    """The first day on which the access an invitation gave may end (no open action owned)."""
    return meets_on + timedelta(days=ACCESS_DAYS_AFTER_MEETING)


def latest_meeting_ending_access(today: date) -> date:
    """The latest meeting date whose invitations' access ends by `today` (`meets_on <= this`)."""
    return today - timedelta(days=ACCESS_DAYS_AFTER_MEETING)
