"""The Children's Wellbeing and Schools Act 2026 as every workflow's service applies it: whether its
duties have commenced (the dated setting `PORTAL_CWSA_2026_COMMENCEMENT`, compared with the
Europe/London date), and the consistent identifier (s16LC) a record about a child must carry.

The rules themselves are pure, in `sharing.rules`; this module only reads the setting and the clock.
A workflow's service calls `identifier_require` before it records its share, referral, transfer or
move (an app still to come, such as partnership intelligence, calls it the same way)."""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from sharing import rules

_WORDING = rules.IdentifierWording()


def commencement() -> date:
    """The day the duties to share and to include the consistent identifier commence."""
    return settings.PORTAL_CWSA_2026_COMMENCEMENT


def cwsa_in_force(*, at: datetime | date | None = None) -> bool:
    """Whether the 2026 Act's duties apply to a decision or record made at this moment (now by
    default), taken as its Europe/London date."""
    if at is None:
        at = timezone.now()
    on = timezone.localdate(at) if isinstance(at, datetime) else at
    return rules.cwsa_in_force(on=on, commencement=commencement())


def identifier_require(
    *,
    known_nhs_number: str,
    omitted_reason: str,
    explanation: str,
    at: datetime | date | None = None,
    wording: rules.IdentifierWording = _WORDING,
) -> rules.ConsistentIdentifier:
    """The consistent identifier the record carries, or ValidationError (by field) when the rule is
    not met: the NHS number, or a reason the law allows for leaving it out, explained."""
    problems = rules.identifier_problems(
        known_nhs_number=known_nhs_number,
        omitted_reason=omitted_reason,
        explanation=explanation,
        in_force=cwsa_in_force(at=at),
        wording=wording,
    )
    if problems:
        raise ValidationError(problems)
    return rules.identifier_carried(
        known_nhs_number=known_nhs_number, omitted_reason=omitted_reason, explanation=explanation
    )


def identifier_apply(*, record, identifier: rules.ConsistentIdentifier) -> None:
    """Write what the record carries onto a model with the consistent identifier's fields
    (`sharing.models.CarriesConsistentIdentifier`); the caller saves it."""
    record.identifier_nhs_number = identifier.nhs_number
    record.identifier_omitted_reason = identifier.omitted_reason
    record.identifier_omitted_explanation = identifier.explanation
