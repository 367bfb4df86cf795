"""How Early Intervention writes what it tells people: dates in words, as in "24 December 2026"."""

from datetime import date


def date_text(day: date) -> str:
    return f"{day:%-d %B %Y}"
