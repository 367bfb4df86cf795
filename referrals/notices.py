"""What people are told about referrals, screening and alerts: the subject and body of each
notification and the summary of each escalation. Text only, from what the services pass in; no
database. Never a child's name or anything about them: a reference, an authority, a date."""

from dataclasses import dataclass
from datetime import date

from portal.models import Organisation
from referrals import rules
from referrals.models import MastAlert, MastReferral, Outcome, Screening, Urgency


@dataclass(frozen=True)
class Notice:
    subject: str
    body: str


def urgency_heading(urgency: int | None) -> str:
    """ "Immediate", "Urgent" or "Standard": the urgency's label without its explanation."""
    return Urgency(urgency).label.split(":")[0] if urgency is not None else ""


def _day(value: date) -> str:
    return f"{value:%-d %B %Y}"


def referral_to_screen(*, referral: MastReferral, screening: Screening) -> Notice:
    """To each member of the MAST team that is to screen the referral."""
    return Notice(
        subject=f"New MAST referral to screen: {referral.reference}",
        body=f"{urgency_heading(referral.urgency)}. Screening is due by {_day(screening.due_on)}.",
    )


def screening_outcome(
    *, referral: MastReferral, screening: Screening, outcome: str, passed_to: Organisation | None
) -> Notice:
    """To the referrer, once the authority screening the referral has decided (or passed it on)."""
    if passed_to is not None:
        return Notice(
            subject=f"Your MAST referral {referral.reference} has been passed to {passed_to}",
            body=f"{screening.authority} MAST passed your referral to {passed_to} MAST, who will screen it.",
        )
    return Notice(
        subject=f"Outcome of your MAST referral {referral.reference}: {Outcome(outcome).label}",
        body=" ".join(
            part
            for part in [
                f"{screening.authority} MAST screened your referral. Sign in to see the reasons.",
                rules.NEXT_FOR_REFERRER.get(outcome, ""),
            ]
            if part
        ),
    )


def screening_overdue(*, screening: Screening, first_level: bool) -> str:
    """The summary of an overdue screening's escalation: to the MAST team managers (the first
    level), then to the authority's Caldicott Guardian and lead information officer."""
    reference = screening.referral.reference
    if first_level:
        return (
            f"MAST referral {reference} was due to be screened by {_day(screening.due_on)} and has no recorded outcome."
        )
    return f"MAST referral {reference} is still unscreened a working day after it was due ({_day(screening.due_on)})."


def alert_received(*, alert: MastAlert, organisation: Organisation | None) -> Notice:
    """To each member of the MAST team the alert was sent to."""
    return Notice(subject=f"New alert to MAST: {alert.get_kind_display()}", body=f"From {organisation}.")
