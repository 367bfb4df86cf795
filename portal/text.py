"""How the portal writes dates and times in words (DESIGN §8): "3 March 2026", "3 March 2026, 14:05"
in Europe/London. One place, for notifications, escalations, summaries and pages alike."""

from datetime import date, datetime

from django.utils import timezone


def date_text(day: date) -> str:
    return f"{day:%-d %B %Y}"


def datetime_text(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y, %H:%M}"
