"""The reference data information governance decides by: legal gateways, lawful bases, and the
agreements between organisations (DESIGN §4 sharing)."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from portal.documents import ALLOWED_EXTENSIONS
from portal.models import Organisation
from sharing.choices import InformationCategory as InformationCategory  # re-exported: workflows import it here


class LegalGateway(models.Model):
    """The statute that gives the basis in law for sharing. Seeded; editable in the admin."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LawfulBasis(models.Model):
    """UK GDPR Article 6 bases, Article 9 conditions and DPA 2018 Schedule 1 conditions."""

    class Kind(models.TextChoices):
        ARTICLE_6 = "article_6", "UK GDPR Article 6 lawful basis"
        ARTICLE_9 = "article_9", "UK GDPR Article 9 condition (special category data)"
        SCHEDULE_1 = "schedule_1", "DPA 2018 Schedule 1 condition"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    code = models.CharField(max_length=32, unique=True, help_text="For example 6(1)(e) or 9(2)(b).")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    is_consent = models.BooleanField(default=False, help_text="This basis is the person's consent.")
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "code"]
        verbose_name_plural = "lawful bases"

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class SharingAgreement(models.Model):
    class Tier(models.TextChoices):
        TIER_0 = "0", "Tier 0 — commitment (signed by a chief executive or SIRO)"
        TIER_1 = "1", "Tier 1 — overarching information sharing standard"
        TIER_2 = "2", "Tier 2 — operational protocol"
        OPERATIONAL = "operational", "Operational information sharing agreement"

    tier = models.CharField(max_length=16, choices=Tier.choices)
    title = models.CharField(max_length=200)
    purpose = models.TextField()
    # Every organisation ever party, ended ones included: read current parties through
    # `party_links.current()` (or the selectors' `current_parties`).
    parties = models.ManyToManyField(Organisation, through="AgreementParty", related_name="sharing_agreements")
    starts_on = models.DateField()
    review_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    document = models.FileField(
        upload_to="agreements/%Y/",
        blank=True,
        validators=[FileExtensionValidator(ALLOWED_EXTENSIONS)],
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sharing:agreement_detail", args=[self.pk])


class AgreementPartyQuerySet(models.QuerySet["AgreementParty"]):
    def current(self) -> "AgreementPartyQuerySet":
        return self.filter(ended_at__isnull=True)


class AgreementParty(models.Model):
    """An organisation party to an agreement. One that leaves is ended, never deleted: the record
    keeps who was party when a decision relied on the agreement. Only current parties are unique."""

    agreement = models.ForeignKey(SharingAgreement, on_delete=models.CASCADE, related_name="party_links")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = AgreementPartyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                condition=models.Q(ended_at__isnull=True),
                name="agreement_party_current_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True, ended_by__isnull=True)
                | models.Q(ended_at__isnull=False, ended_by__isnull=False),
                name="agreement_party_ended_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — party to {self.agreement}"
