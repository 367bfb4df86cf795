"""Retention (issue 17; guidance §7 principle (e): personal data "kept in a form which permits
identification … for no longer than is necessary").

`RetentionRule` is reference data: how long each type of record is kept, counted from which
trigger. The weekly sweep lists each record that has reached the end of its period as a
`ReviewItem` for its organisation's lead information officer, and does nothing else. Only the
officer disposes of a record, or extends its review with a reason (`ReviewExtension`); a disposal
writes a `DisposalCertificate` that names no one it is about. A `LegalHold` on a record or on its
child blocks disposal until the officer lifts it.

Nothing here holds a child's details: a review item is a record type, a record number and dates.
"""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from portal import extensions
from portal.models import Child, Organisation


def _record_type_label(key: str) -> str:
    kind = extensions.retention_type(key)
    return kind.label if kind else key


class RetentionRule(models.Model):
    class Trigger(models.TextChoices):
        CLOSURE = "closure", extensions.RETENTION_TRIGGERS["closure"]
        DATE_OF_BIRTH = "date_of_birth", extensions.RETENTION_TRIGGERS["date_of_birth"]
        LAST_ACTIVITY = "last_activity", extensions.RETENTION_TRIGGERS["last_activity"]

    record_type = models.CharField(
        max_length=60,
        unique=True,
        help_text="The type of record, as its app registers it (e.g. referrals.no_further_action).",
    )
    trigger = models.CharField(max_length=16, choices=Trigger.choices, help_text="What the period counts from.")
    years = models.PositiveSmallIntegerField(default=0)
    months = models.PositiveSmallIntegerField(default=0)
    basis = models.TextField(help_text="Why records of this type are kept this long (the guidance or law relied on).")
    is_active = models.BooleanField(default=True, help_text="An inactive rule lists nothing for review.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["record_type"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(years__gt=0) | models.Q(months__gt=0), name="retention_rule_has_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_type_label}: {self.period_text} from the {self.get_trigger_display().lower()}"

    @property
    def record_type_label(self) -> str:
        return _record_type_label(self.record_type)

    @property
    def period(self) -> relativedelta:
        return relativedelta(years=self.years, months=self.months)

    @property
    def period_text(self) -> str:
        parts = []
        if self.years:
            parts.append(f"{self.years} year{'s' if self.years != 1 else ''}")
        if self.months:
            parts.append(f"{self.months} month{'s' if self.months != 1 else ''}")
        return " and ".join(parts)

    def clean(self) -> None:
        kind = extensions.retention_type(self.record_type)
        if kind is None:
            raise ValidationError({"record_type": "No app registers this type of record."})
        if self.trigger not in kind.triggers:
            allowed = ", ".join(extensions.RETENTION_TRIGGERS[t].lower() for t in kind.triggers)
            raise ValidationError({"trigger": f"Records of this type can be counted from: {allowed}."})
        if not self.years and not self.months:
            raise ValidationError("Give a period of at least one month.")


class DisposalCertificate(models.Model):
    """What was disposed of, how many, when, under which rule and who approved: never who it was about."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(max_length=60)
    record_type_label = models.CharField(max_length=200)
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="certificates")
    # The rule as it stood when it was applied (the rule can be edited later).
    rule_text = models.CharField(max_length=300)
    count = models.PositiveIntegerField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    disposed_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-disposed_at", "-pk"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"RD-{self.pk:06d}"


class ReviewItem(models.Model):
    """One record that has reached the end of its retention period, waiting for the officer."""

    class Status(models.TextChoices):
        DUE = "due", "Due for review"
        DISPOSED = "disposed", "Disposed of"

    record_type = models.CharField(max_length=60)
    object_id = models.BigIntegerField()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="review_items")
    trigger_date = models.DateField()
    # When the period ended, or the date an extension moved the review to.
    review_due = models.DateField()
    listed_on = models.DateField()
    status = FSMField(default=Status.DUE, choices=Status.choices, protected=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    certificate = models.ForeignKey(
        DisposalCertificate, on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_due", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["record_type", "object_id"], name="retention_one_review_item_per_record")
        ]
        indexes = [models.Index(fields=["organisation", "status", "review_due"])]

    def __str__(self) -> str:
        return f"{self.record_type_label} {self.object_id}"

    @property
    def record_type_label(self) -> str:
        return _record_type_label(self.record_type)

    @transition(field=status, source=Status.DUE, target=Status.DISPOSED)
    def dispose(self) -> None:
        pass


class ReviewExtension(models.Model):
    """The officer kept a record longer: until when, and why."""

    item = models.ForeignKey(ReviewItem, on_delete=models.PROTECT, related_name="extensions")
    previous_due = models.DateField()
    new_due = models.DateField()
    reason = models.TextField()
    extended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    extended_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-extended_at", "-pk"]

    def __str__(self) -> str:
        return f"Extended to {self.new_due:%-d %B %Y}"


class LegalHold(models.Model):
    """Litigation, an inquiry or a live safeguarding concern: nothing it covers is disposed of."""

    class Kind(models.TextChoices):
        LITIGATION = "litigation", "Litigation"
        INQUIRY = "inquiry", "Inquiry"
        SAFEGUARDING = "safeguarding", "Live safeguarding concern"

    class Status(models.TextChoices):
        ACTIVE = "active", "In place"
        LIFTED = "lifted", "Lifted"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    reason = models.TextField()
    # Either one record (its type and number) or every record about a child.
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    record_type = models.CharField(max_length=60, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    # The review item the officer placed it from (what the hold list names it by).
    item = models.ForeignKey(ReviewItem, on_delete=models.PROTECT, null=True, blank=True, related_name="holds")
    status = FSMField(default=Status.ACTIVE, choices=Status.choices, protected=False)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-placed_at", "-pk"]
        permissions = [("review_retention", "Can review records for retention and dispose of them")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(child__isnull=False, record_type="", object_id__isnull=True)
                    | models.Q(child__isnull=True, object_id__isnull=False) & ~models.Q(record_type="")
                ),
                name="legal_hold_on_a_child_or_a_record",
            )
        ]
        indexes = [models.Index(fields=["status", "record_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} hold"

    @property
    def covers_child(self) -> bool:
        return self.child_id is not None

    @transition(field=status, source=Status.ACTIVE, target=Status.LIFTED)
    def lift(self) -> None:
        pass


class ReviewRound(models.Model):
    """The weekly sweep's mark: the week it has listed (beat runs it every minute; it works once a week)."""

    week_starting = models.DateField(unique=True)
    listed = models.PositiveIntegerField(default=0)
    ran_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-week_starting"]

    def __str__(self) -> str:
        return f"Week starting {self.week_starting:%-d %B %Y}"
