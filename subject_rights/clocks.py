"""The subject access clock (DESIGN §10): pure functions of dates, no database. A request is due
one month after it is received, counted as the ICO counts a month — the very rule privacy notices
use — and can be extended once by up to two further months."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from portal.clocks import next_working_day_on_or_after
from sharing.clocks import privacy_notice_due

REMINDER_DAYS = 7
MAX_EXTENSION_MONTHS = 2


def subject_access_due(received_on: date) -> date:
    """One calendar month after receipt (the month's last day if it has no such day), moved to the
    next working day: the same function as privacy notices."""
    return privacy_notice_due(received_on)


def subject_access_extended_due(received_on: date, *, months: int) -> date:
    """The due date after an extension of `months` (1 or 2) beyond the first month."""
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        raise ValueError("An extension is one or two months")
    return next_working_day_on_or_after(received_on + relativedelta(months=1 + months))


def subject_access_reminder_on(due: date) -> date:
    return due - timedelta(days=REMINDER_DAYS)


def rag(due: date, today: date) -> str:
    """GOV.UK tag colour for days left: red overdue, orange within the reminder week, else green."""
    if today > due:
        return "red"
    return "orange" if (due - today).days <= REMINDER_DAYS else "green"
