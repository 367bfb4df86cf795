"""Clocks of information governance (DESIGN §10). Pure functions of dates; no database."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from portal.clocks import next_working_day_on_or_after

PRIVACY_NOTICE_REMINDER_DAYS = 7


def privacy_notice_due(obtained_on: date) -> date:
    """One month after the data were obtained, as the ICO counts a month: the same day next month
    (that month's last day if it has none); if that is not a working day, the next working day."""
    return next_working_day_on_or_after(obtained_on + relativedelta(months=1))


def privacy_notice_reminder_on(due: date) -> date:
    """The first reminder goes this many days before the due date."""
    return due - timedelta(days=PRIVACY_NOTICE_REMINDER_DAYS)
