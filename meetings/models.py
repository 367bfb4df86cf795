"""Professionals meetings (guidance §8): where agencies working with a family are stuck, or the
family resists intervention, any practitioner involved with the child calls a meeting of the agencies
involved. The meeting, who was invited and who came, the minutes (fact apart from opinion), the
decisions and the actions (each with an owner and a date) are recorded here; the services in
`meetings.services` are the only writers."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from portal.models import Child, Organisation, Team
from portal.text import date_text
from sharing.models import SharingDecision


class ProfessionalsMeeting(models.Model):
    """called → held (its attendance, minutes and decisions recorded), or called → cancelled (with a
    reason). While called, its date, reason, invitees and chair may change. The minutes are shared
    with those who attended once held; actions are added once held."""

    class State(models.TextChoices):
        CALLED = "called", "Called"
        HELD = "held", "Held: minutes recorded"
        CANCELLED = "cancelled", "Cancelled"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="professionals_meetings")
    reason = models.TextField("Why the meeting is needed")
    meets_on = models.DateField("Date of the meeting")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chair_team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The chair's team: its managers are told when an action is overdue.",
    )
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    called_at = models.DateTimeField(default=timezone.now)
    state = FSMField(default=State.CALLED, choices=State.choices, protected=False)
    minutes_facts = models.TextField("What was reported (facts)", blank=True)
    minutes_opinion = models.TextField("Professional opinion and analysis", blank=True)
    decisions = models.TextField("Decisions", blank=True)
    minutes_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    minutes_recorded_at = models.DateTimeField(null=True, blank=True)
    minutes_shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    minutes_shared_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField("Why the meeting is cancelled", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meets_on", "-pk"]
        indexes = [models.Index(fields=["child", "meets_on"])]

    def __str__(self) -> str:
        return f"Professionals meeting on {date_text(self.meets_on)}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def is_held(self) -> bool:
        return self.state == self.State.HELD

    @property
    def is_called(self) -> bool:
        """Called and neither held nor cancelled: it may still be changed."""
        return self.state == self.State.CALLED

    @property
    def is_cancelled(self) -> bool:
        return self.state == self.State.CANCELLED

    @property
    def state_tag_colour(self) -> str:
        return {self.State.HELD: "green", self.State.CANCELLED: "grey"}.get(self.state, "blue")

    @transition(field=state, source=State.CALLED, target=State.HELD)
    def hold(self, *, by, at) -> None:
        self.minutes_recorded_by = by
        self.minutes_recorded_at = at

    @transition(field=state, source=State.CALLED, target=State.CANCELLED)
    def cancel(self, *, by, at, reason: str) -> None:
        self.cancelled_by = by
        self.cancelled_at = at
        self.cancel_reason = reason


class MeetingInvitee(models.Model):
    """A practitioner invited to the meeting, from one of the agencies involved, and whether they came."""

    meeting = models.ForeignKey(ProfessionalsMeeting, on_delete=models.PROTECT, related_name="invitees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(null=True, blank=True, help_text="Empty until attendance is recorded.")
    # The decision to share the minutes with this attendee (the seventh golden rule).
    sharing_decision = models.ForeignKey(
        SharingDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="meeting_invitee_once")]

    def __str__(self) -> str:
        return f"{self.user} invited to meeting {self.meeting_id}"


class MeetingAction(models.Model):
    """An action agreed at the meeting: what, who owns it, by when. Overdue actions remind their owner
    and escalate to the chair's team managers (`meetings.services.action_escalate_overdue`)."""

    meeting = models.ForeignKey(ProfessionalsMeeting, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField("What is to be done")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_actions")
    due_on = models.DateField("Due by")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_at", "due_on"]), models.Index(fields=["owner", "done_at"])]

    def __str__(self) -> str:
        return f"Action due by {date_text(self.due_on)}"

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#action-{self.pk}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def escalation_summary(self) -> list[tuple[str, str]]:
        return [
            ("Meeting", date_text(self.meeting.meets_on)),
            ("Owner", str(self.owner)),
            ("Due", date_text(self.due_on)),
        ]
