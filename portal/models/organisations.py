"""Who uses the portal and where they work: organisations, users, teams and team membership.
Roles are Django groups (`Role`)."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """Roles are Django groups holding model permissions (created by a data migration)."""

    PRACTITIONER = "practitioner", "Practitioner"
    MAST_SCREENER = "mast_screener", "MAST screener"
    TEAM_MANAGER = "team_manager", "Team manager"
    CALDICOTT_GUARDIAN = "caldicott_guardian", "Caldicott Guardian"
    LEAD_INFORMATION_OFFICER = "lead_information_officer", "Lead information officer"
    # Issue 16: the local authority's Child Exploitation team (the group is made by intelligence's migrations).
    CHILD_EXPLOITATION = "child_exploitation", "Child Exploitation team"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority children's social care"
        HEALTH = "health", "Health"
        POLICE = "police", "Police"
        EDUCATION = "education", "Education"
        EARLY_YEARS = "early_years", "Early years"
        VOLUNTARY = "voluntary", "Voluntary sector"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    serves_area = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_organisations",
        limit_choices_to={"kind": Kind.LOCAL_AUTHORITY},
        help_text="The local authority area this organisation serves (blank for a local authority itself).",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_local_authority(self) -> bool:
        return self.kind == self.Kind.LOCAL_AUTHORITY

    @property
    def local_authority(self) -> "Organisation | None":
        """The local authority whose area this organisation works in."""
        return self if self.is_local_authority else self.serves_area


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    job_title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_role(self, role: str) -> bool:
        # Uses the groups prefetched by selectors where possible.
        return any(group.name == role for group in self.groups.all())


class Team(models.Model):
    class Kind(models.TextChoices):
        MAST = "mast", "Multi-Agency Screening Team (MAST)"
        CHILD_IN_NEED = "cin", "Child in Need"
        CHILD_PROTECTION = "child_protection", "Child protection"
        EARLY_HELP = "early_help", "Early help"
        HEALTH_VISITING = "health_visiting", "Health visiting"
        SCHOOL_SAFEGUARDING = "school_safeguarding", "School safeguarding"
        POLICE_SAFEGUARDING = "police_safeguarding", "Police safeguarding"
        INFORMATION_GOVERNANCE = "information_governance", "Information governance"
        CHILD_EXPLOITATION = "child_exploitation", "Child Exploitation team"  # issue 16
        OTHER = "other", "Other"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # Object permissions are granted to this group; members are kept in it by the membership services
    # (portal.services.team_membership_add / team_membership_end).
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="team", editable=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMembership", related_name="teams", blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"

    def save(self, *args, **kwargs) -> None:
        if not self.group_id:
            self.group = Group.objects.create(name=f"team:{uuid.uuid4()}")
        super().save(*args, **kwargs)


class TeamMembership(models.Model):
    """Changed only through portal.services.team_membership_add / team_membership_end, which keep the
    team's group (and so its access to children) in step."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    is_manager = models.BooleanField(default=False)
    since = models.DateField(default=timezone.localdate)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="team_membership_unique")]

    def __str__(self) -> str:
        role = "manager" if self.is_manager else "member"
        return f"{self.user} — {role} of {self.team.name}"
