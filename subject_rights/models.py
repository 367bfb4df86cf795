"""Data protection rights (issue 17): subject access requests and the bundle released for each,
requests to correct a record (with the person's statement where we disagree), and restrictions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from portal.models import Child, Organisation, Person


class Exemption(models.Model):
    """A DPA 2018 Schedule 2–4 exemption from the right of access: reference data (seeded by a data
    migration, editable in the admin)."""

    code = models.SlugField(max_length=40, unique=True)
    schedule = models.PositiveSmallIntegerField()
    reference = models.CharField(max_length=60, help_text="Where it is in the Act: 'Schedule 2, Part 3, para 16'.")
    title = models.CharField(max_length=200)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["schedule", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"


class SubjectAccessRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RELEASED = "released", "Released"

    class IdentityEvidence(models.TextChoices):
        PHOTO_ID = "photo_id", "Photo identification (passport or driving licence)"
        KNOWN = "known", "Known to the service (verified against the record)"
        DOCUMENTS = "documents", "Documents showing name and address"
        REPRESENTATIVE = "representative", "A representative's authority, and the person's identity"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="subject_access_requests")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    requester = models.CharField("Who made the request", max_length=200)
    received_on = models.DateField()
    identity_evidence = models.CharField(max_length=20, choices=IdentityEvidence.choices)
    identity_checked_on = models.DateField()
    identity_notes = models.TextField(blank=True)
    due_on = models.DateField()
    extended_due_on = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    requester_told_on = models.DateField(
        null=True, blank=True, help_text="When the requester was told of the extension."
    )
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = FSMField(default=Status.OPEN, choices=Status.choices, protected=False)
    opened_at = models.DateTimeField(default=timezone.now)
    released_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["organisation", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(child__isnull=True, person__isnull=False)
                | models.Q(child__isnull=False, person__isnull=True),
                name="sar_about_one_child_or_person",
            )
        ]

    def __str__(self) -> str:
        return f"Subject access request {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("subject_rights:detail", args=[self.pk])

    @property
    def subject(self) -> Child | Person:
        return self.child if self.child_id else self.person  # type: ignore[return-value]

    def escalation_summary(self) -> list[tuple[str, str]]:
        """What an escalation about the request shows (portal's escalation page)."""
        return [
            ("Received", f"{self.received_on:%-d %B %Y}"),
            ("Due", f"{self.effective_due_on:%-d %B %Y}" + (" (extended)" if self.extended_due_on else "")),
            ("Officer", str(self.officer)),
            ("Status", self.get_status_display()),
        ]

    @property
    def effective_due_on(self):
        return self.extended_due_on or self.due_on

    @property
    def answered_late(self) -> bool:
        return self.released_on is not None and self.released_on > self.effective_due_on

    @transition(field=status, source=Status.OPEN, target=Status.OPEN, conditions=[lambda r: r.extended_due_on is None])  # type: ignore[attr-defined]
    def extend(self, *, due_on, reason: str, told_on) -> None:
        self.extended_due_on = due_on
        self.extension_reason = reason
        self.requester_told_on = told_on

    @transition(field=status, source=Status.OPEN, target=Status.RELEASED)
    def release(self, *, on) -> None:
        self.released_on = on


class ItemDecision(models.Model):
    """An item of the bundle withheld in full, with the exemption relied on (or, `withheld` off,
    put back in: the decision and its history stay)."""

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="item_decisions")
    item_key = models.CharField(max_length=80)
    withheld = models.BooleanField(default=True)
    exemption = models.ForeignKey(Exemption, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "item_key"], name="sar_item_decided_once")]

    def __str__(self) -> str:
        return f"Withheld: {self.item_key}"


class ThirdPartyDecision(models.Model):
    """What happens to a third party's details throughout the bundle: redacted (the default, under
    the protection of the rights of others, until the officer decides) or released by choice."""

    class Action(models.TextChoices):
        REDACT = "redact", "Redact their details"
        RELEASE = "release", "Release their details"

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="party_decisions")
    party_key = models.CharField(max_length=40)
    action = models.CharField(max_length=8, choices=Action.choices)
    exemption = models.ForeignKey(Exemption, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "party_key"], name="sar_party_decided_once")]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.party_key}"


class Release(models.Model):
    """The exact bundle released: the PDF's bytes and their SHA-256, kept unchanged."""

    request = models.OneToOneField(SubjectAccessRequest, on_delete=models.PROTECT, related_name="release_record")
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    items_released = models.PositiveIntegerField()
    items_withheld = models.PositiveIntegerField()
    redactions = models.PositiveIntegerField()
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(default=timezone.now)
    # Written once; the bytes are not copied into the history (the hash is).
    history = HistoricalRecords(excluded_fields=["pdf"])

    def __str__(self) -> str:
        return f"Release of request {self.request_id}"


class Rectification(models.Model):
    """A request to correct a child's record, and the decision on it."""

    class Decision(models.TextChoices):
        CORRECTED = "corrected", "Agreed: the record has been corrected"
        DISAGREED = "disagreed", "Not agreed: the record is accurate"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    requester = models.CharField("Who asked for the correction", max_length=200)
    received_on = models.DateField()
    what_is_wrong = models.TextField("What they say is wrong")
    decision = models.CharField(max_length=12, choices=Decision.choices)
    decision_reason = models.TextField()
    statement = models.TextField("The person's statement", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"Request to correct a record ({self.get_decision_display()})"


class Restriction(models.Model):
    """A restriction of processing: the child's record can be viewed but not shared until lifted."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    restricted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    restricted_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-restricted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=models.Q(lifted_at__isnull=True), name="one_restriction_in_force_per_child"
            )
        ]

    def __str__(self) -> str:
        return "Restriction" + (" (lifted)" if self.lifted_at else "")
