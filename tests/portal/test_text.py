"""Dates and times in words, as the portal writes them everywhere (DESIGN §8)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from portal.text import date_text, datetime_text


def test_dates_are_written_as_a_person_would_say_them():
    assert date_text(date(2026, 3, 3)) == "3 March 2026"
    assert date_text(date(2026, 12, 24)) == "24 December 2026"


def test_times_are_shown_in_london_time_on_the_24_hour_clock():
    # 23:30 UTC in British Summer Time is half past midnight the next day in London.
    assert datetime_text(datetime(2026, 6, 1, 23, 30, tzinfo=ZoneInfo("UTC"))) == "2 June 2026, 00:30"
    assert datetime_text(datetime(2026, 1, 5, 14, 5, tzinfo=ZoneInfo("UTC"))) == "5 January 2026, 14:05"
