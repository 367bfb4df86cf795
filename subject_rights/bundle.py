"""Applying the officer's decisions to a bundle (pure functions, no database) and rendering the
released version as a PDF with WeasyPrint.

Third parties' details are redacted unless the officer chose to release them: a name nobody
decided about never reaches the PDF (Schedule 2, Part 3, paragraph 16 — the rights of others)."""

import re
from dataclasses import dataclass

from portal.extensions import SubjectAccessItem

REDACTED = "[redacted]"
DEFAULT_PARTY_EXEMPTION = "rights-of-others"


@dataclass(frozen=True)
class ReleasedItem:
    item: SubjectAccessItem
    lines: tuple[str, ...]
    withheld_because: str = ""  # the exemption, when the whole item is withheld
    redacted: tuple[str, ...] = ()  # the exemptions behind each redaction in it


def redact(lines: tuple[str, ...], values: list[str]) -> tuple[str, ...]:
    """Every occurrence of each value (whole words, any case), longest first, replaced."""
    values = sorted({v.strip() for v in values if v.strip()}, key=len, reverse=True)
    if not values:
        return lines
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in values), re.IGNORECASE)
    return tuple(pattern.sub(REDACTED, line) for line in lines)


def apply_decisions(
    items: list[SubjectAccessItem],
    *,
    withheld: dict[str, str],
    released_parties: set[str],
    party_exemptions: dict[str, str],
    default_exemption: str,
) -> list[ReleasedItem]:
    """`withheld`: item key → exemption text; `released_parties`: third-party keys the officer chose
    to release; `party_exemptions`: third-party key → exemption text for the chosen redactions."""
    released = []
    for item in items:
        if item.key in withheld:
            released.append(ReleasedItem(item=item, lines=(), withheld_because=withheld[item.key]))
            continue
        hidden = [party for party in item.third_parties if party.key not in released_parties]
        lines = redact(item.lines, [value for party in hidden for value in party.values])
        reasons = tuple(sorted({party_exemptions.get(party.key, default_exemption) for party in hidden}))
        released.append(ReleasedItem(item=item, lines=lines, redacted=reasons))
    return released


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
