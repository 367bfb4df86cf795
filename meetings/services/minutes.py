"""The meeting held: who attended, the minutes (what was reported, kept apart from professional
opinion), the decisions; then the minutes shared with those who attended, each share a sharing
decision (what, with whom, on what lawful basis) made through the sharing app's service."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from meetings import selectors
from meetings.models import MeetingInvitee, ProfessionalsMeeting
from portal.access import require as _require
from portal.history import save as _save
from portal.models import User
from portal.services import InvalidTransition
from portal.text import date_text
from sharing import services as sharing
from sharing.models import LawfulBasis, LegalGateway, Purpose, SharingDecision

Meeting = ProfessionalsMeeting


@dataclass(frozen=True)
class MinutesDetails:
    attended: set[int]  # the invitees' user ids who came
    facts: str
    opinion: str
    decisions: str


@dataclass(frozen=True)
class MinutesShare:
    categories: list[str]
    article_6_basis: LawfulBasis | None
    individual_told: bool | None
    reasons: str
    article_9_condition: LawfulBasis | None = None
    legal_gateway: LegalGateway | None = None
    not_told_reason: str = ""


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("child").get(pk=meeting.pk)


def meeting_minutes_record(*, actor: User, meeting: Meeting, details: MinutesDetails) -> Meeting:
    _require(
        selectors.runs_meeting(actor, meeting), "Only the person who called the meeting, or its chair, minutes it."
    )
    errors: dict[str, str] = {}
    if meeting.meets_on > timezone.localdate():
        errors["attended"] = f"The meeting is on {date_text(meeting.meets_on)}: record the minutes once it is held"
    invited = {row.user_id for row in meeting.invitees.all()}
    if not details.attended:
        errors["attended"] = "Choose who attended"
    elif not details.attended <= invited:
        errors["attended"] = "Choose only people who were invited"
    if not details.facts.strip():
        errors["facts"] = "Record what was reported at the meeting"
    if not details.decisions.strip():
        errors["decisions"] = "Record what the meeting decided"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.is_held:
            raise InvalidTransition(f"The minutes were recorded by {meeting.minutes_recorded_by} already.")
        if meeting.is_cancelled:
            raise InvalidTransition(f"The meeting was cancelled by {meeting.cancelled_by}: there are no minutes.")
        for invitee in MeetingInvitee.objects.select_for_update().filter(meeting=meeting):
            invitee.attended = invitee.user_id in details.attended
            _save(invitee, reason="Attendance recorded", by=actor)
        meeting.minutes_facts = details.facts.strip()
        meeting.minutes_opinion = details.opinion.strip()
        meeting.decisions = details.decisions.strip()
        meeting.hold(by=actor, at=timezone.now())
        _save(meeting, reason="Attendance, minutes and decisions recorded", by=actor)
    return meeting


def minutes_share(*, actor: User, meeting: Meeting, details: MinutesShare) -> Meeting:
    """Share the minutes with each attendee (other than whoever shares them): one decision to share
    per attendee, without consent on the lawful basis chosen (the guidance's Appendix 1 answered:
    a clear purpose, no consent relied on, identifiable, a lawful reason to share without it)."""
    _require(
        selectors.runs_meeting(actor, meeting),
        "Only the person who called the meeting, or its chair, shares the minutes.",
    )
    if not details.reasons.strip():
        raise ValidationError({"reasons": "Say why the minutes are shared with those who attended"})
    with transaction.atomic():
        meeting = _locked(meeting)
        if not meeting.is_held:
            raise InvalidTransition("Record the minutes before sharing them.")
        if meeting.minutes_shared_at is not None:
            raise InvalidTransition(f"The minutes were shared by {meeting.minutes_shared_by} already.")
        recipients = list(selectors.attendees(meeting=meeting).exclude(user=actor).select_for_update(of=("self",)))
        if not recipients:
            raise ValidationError({"reasons": "Nobody else attended: there is no one to share the minutes with"})
        for invitee in recipients:
            invitee.sharing_decision = sharing.sharing_decision_record(
                actor=actor,
                child=meeting.child,
                request=sharing.SharingRequest(
                    requested_by=f"Professionals meeting on {date_text(meeting.meets_on)}",
                    purpose=Purpose.SAFEGUARDING,
                    purpose_detail=(
                        "The minutes of the professionals meeting, shared with those who attended so that each "
                        f"agency can act on its decisions. Why the meeting was held: {meeting.reason}"
                    ),
                    recipient_organisation=invitee.organisation,
                    recipient_name=str(invitee.user)[:200],
                    recipient_user=invitee.user,
                ),
                answers={"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"},
                reasons=details.reasons.strip(),
                shared=sharing.SharedDetails(
                    categories=list(details.categories),
                    summary_facts=f"{meeting.minutes_facts}\n\nDecisions: {meeting.decisions}",
                    summary_opinion=meeting.minutes_opinion,
                    method=SharingDecision.Method.SECURE_PORTAL,
                    shared_on=timezone.localdate(),
                    article_6_basis=details.article_6_basis,
                    individual_told=details.individual_told,
                    article_9_condition=details.article_9_condition,
                    legal_gateway=details.legal_gateway,
                    not_told_reason=details.not_told_reason,
                ),
                context=meeting,
                caller_checked_access=True,
            )
            _save(invitee, reason="Minutes shared (decision to share recorded)", by=actor)
        meeting.minutes_shared_by = actor
        meeting.minutes_shared_at = timezone.now()
        _save(meeting, reason="Minutes shared with those who attended", by=actor)
    return meeting
