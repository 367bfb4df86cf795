"""The shared core: people who use the portal, where they work, the children and families they
work with, and the cross-cutting records every workflow uses (escalations, notifications, access).

Models hold data, constraints and allowed transitions only; every write goes through
`portal.services`.
"""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """Roles are Django groups holding model permissions (created by a data migration)."""

    PRACTITIONER = "practitioner", "Practitioner"
    MAST_SCREENER = "mast_screener", "MAST screener"
    TEAM_MANAGER = "team_manager", "Team manager"
    CALDICOTT_GUARDIAN = "caldicott_guardian", "Caldicott Guardian"
    LEAD_INFORMATION_OFFICER = "lead_information_officer", "Lead information officer"


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
        OTHER = "other", "Other"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # Object permissions are granted to this group; members are kept in it by TeamMembership.
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
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    is_manager = models.BooleanField(default=False)
    since = models.DateField(default=timezone.localdate)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="team_membership_unique")]

    def __str__(self) -> str:
        role = "manager" if self.is_manager else "member"
        return f"{self.user} — {role} of {self.team.name}"

    # The team's group must always match its memberships, including edits made in the admin.
    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self.user.groups.add(self.team.group_id)

    def delete(self, *args, **kwargs):
        self.user.groups.remove(self.team.group_id)
        return super().delete(*args, **kwargs)


class Tier(models.IntegerChoices):
    """The Continuum of Need."""

    UNIVERSAL = 1, "Tier 1 — universal"
    ADDITIONAL = 2, "Tier 2 — additional needs (single agency)"
    EARLY_INTERVENTION = 3, "Tier 3 — multi-agency Early Intervention plan"
    CHILD_IN_NEED = 4, "Tier 4 — Child in Need (s17)"
    CHILD_PROTECTION = 5, "Tier 5 — child protection / significant harm (s47)"


class Child(models.Model):
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    other_names = models.CharField(max_length=200, blank=True, help_text="Known-as names and aliases.")
    date_of_birth = models.DateField(null=True, blank=True)
    is_unborn = models.BooleanField(default=False, help_text="The date is the expected date of birth.")
    nhs_number = models.CharField(max_length=10, blank=True, db_index=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    local_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="resident_children",
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY},
        help_text="The local authority the child lives in.",
    )
    whereabouts_known = models.BooleanField(default=True)
    tier = models.PositiveSmallIntegerField(choices=Tier.choices, default=Tier.ADDITIONAL)
    allocated_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocated_children",
    )
    allocated_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="allocated_children"
    )
    allocated_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name_plural = "children"
        permissions = [("allocate_child", "Can allocate a child to a worker and team")]
        constraints = [
            # The golden record: one child per NHS number.
            models.UniqueConstraint(
                fields=["nhs_number"], condition=~models.Q(nhs_number=""), name="child_unique_nhs_number"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("portal:child_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ChildUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Child, on_delete=models.CASCADE)


class ChildGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Child, on_delete=models.CASCADE)


class Person(models.Model):
    """A parent, carer or significant other in a child's life."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    children = models.ManyToManyField(Child, through="Relationship", related_name="people")
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Relationship(models.Model):
    class Kind(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        STEP_PARENT = "step_parent", "Step-parent"
        PARTNER_OF_PARENT = "partner_of_parent", "Partner of a parent"
        GRANDPARENT = "grandparent", "Grandparent"
        CARER = "carer", "Carer or guardian"
        ADULT_SIBLING = "adult_sibling", "Adult sibling"
        SIGNIFICANT_OTHER = "significant_other", "Significant other (e.g. frequent visitor)"
        OTHER = "other", "Other"

    class Source(models.TextChoices):
        FROM_PERSON = "person", "From the person themselves"
        THIRD_PARTY = "third_party", "From someone else (a third party)"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="relationships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    has_parental_responsibility = models.BooleanField(default=False)
    lives_with_child = models.BooleanField(default=False)
    source = models.CharField(
        "How we learned about them", max_length=16, choices=Source.choices, default=Source.FROM_PERSON
    )
    obtained_on = models.DateField(default=timezone.localdate, help_text="When we obtained their details.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "kind", "person__last_name"]
        constraints = [models.UniqueConstraint(fields=["child", "person", "kind"], name="relationship_unique_kind")]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_kind_display()} of {self.child}"


class Escalation(models.Model):
    """Every escalation in the portal, pointing at its subject. Raising is idempotent per
    (subject, kind, level): see `portal.services.escalation_raise`."""

    class Kind(models.TextChoices):
        TRANSFER_DECISION_OVERDUE = "transfer_decision_overdue", "Transfer decision overdue"
        TRANSFER_DISPUTED = "transfer_disputed", "Transfer disputed"
        SCREENING_OVERDUE = "screening_overdue", "Screening overdue"
        PRIVACY_NOTICE_OVERDUE = "privacy_notice_overdue", "Privacy notice overdue"
        SHARING_ADVICE_REQUESTED = "sharing_advice_requested", "Advice on sharing requested"
        CONSENT_OVERRIDDEN = "consent_overridden", "Consent overridden"
        EMERGENCY_ACCESS = "emergency_access", "Emergency access"
        EARLY_INTERVENTION_ACTION_OVERDUE = "ei_action_overdue", "Early Intervention action overdue"

    class Level(models.IntegerChoices):
        TEAM_MANAGER = 1, "Level 1 — team manager"
        SENIOR = 2, "Level 2 — head of service / Caldicott Guardian"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESOLVED = "resolved", "Resolved"

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.TEAM_MANAGER)
    status = FSMField(default=Status.OPEN, choices=Status.choices, protected=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="escalations",
        help_text="The organisation whose Caldicott Guardian oversees this escalation.",
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="escalations")
    summary = models.TextField(help_text="What is wrong, without more personal data than needed.")
    raised_at = models.DateTimeField(default=timezone.now)
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="EscalationAssignment", related_name="escalations"
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=200, blank=True)
    rationale = models.TextField(blank=True)
    actions = models.TextField(blank=True, help_text="Actions agreed at review.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-level", "raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind", "level"], name="escalation_unique_per_subject"
            )
        ]
        indexes = [models.Index(fields=["status", "organisation"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_level_display()})"

    def get_absolute_url(self) -> str:
        return reverse("portal:escalation_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.RESOLVED

    @transition(field=status, source=Status.OPEN, target=Status.ACKNOWLEDGED)
    def acknowledge(self, *, by, at) -> None:
        self.acknowledged_by = by
        self.acknowledged_at = at

    @transition(field=status, source=[Status.OPEN, Status.ACKNOWLEDGED], target=Status.RESOLVED)
    def resolve(self, *, by, at, resolution: str, rationale: str, actions: str = "") -> None:
        self.resolved_by = by
        self.resolved_at = at
        self.resolution = resolution
        self.rationale = rationale
        self.actions = actions


class EscalationAssignment(models.Model):
    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["escalation", "user"], name="escalation_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.user} assigned to escalation {self.escalation_id}"


class Notification(models.Model):
    """An in-app inbox item, also sent by email. Unique per (recipient, event key) so a retried
    task or a sweep run twice never tells anyone twice."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event_key = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True, help_text="A path inside the portal.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "event_key"], name="notification_unique_event")]

    def __str__(self) -> str:
        return self.subject


class AccessEvent(models.Model):
    """Who opened which child's record, when and, for emergency access, why."""

    class Kind(models.TextChoices):
        VIEW = "view", "Viewed the record"
        EMERGENCY = "emergency", "Emergency (break-glass) access"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_events")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="access_events")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.VIEW)
    at = models.DateTimeField(default=timezone.now)
    access_basis = models.CharField(max_length=200, blank=True, help_text="Why the user could see the record.")
    reason = models.TextField(blank=True, help_text="For emergency access: why it was needed.")
    expires_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["child", "at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} — {self.at:%Y-%m-%d %H:%M}"

    def escalation_summary(self) -> list[tuple[str, str]]:
        """What a reviewer needs to see about this access, without opening the child's record."""
        local = timezone.localtime
        rows = [
            ("Who", f"{self.user}, {self.user.job_title}, {self.user.organisation or 'no organisation'}"),
            ("When", f"{local(self.at):%-d %B %Y, %H:%M}"),
            ("Access", self.get_kind_display()),
            ("Reason given", self.reason or "None"),
        ]
        if self.expires_at:
            rows.append(("Access until", f"{local(self.expires_at):%-d %B %Y, %H:%M}"))
        return rows


class ChildAccessGrant(models.Model):
    """Why someone may see or edit a child's record.

    Guardian rows are the effective permissions that every query uses; this ledger says which
    recorded basis each of them rests on. A guardian row exists exactly while at least one active
    grant needs it, so revoking one basis (a consent withdrawn, a transfer accepted, emergency access
    expired) never takes away access that another basis still covers. Maintained only by
    `portal.services.child_access_grant` / `child_access_revoke`.
    """

    class Basis(models.TextChoices):
        ALLOCATED_WORKER = "allocated_worker", "Allocated worker"
        ALLOCATED_TEAM = "allocated_team", "Allocated team"
        CONSENT = "consent", "Consent to share"
        SHARING_DECISION = "sharing_decision", "Recorded decision to share"
        REFERRAL = "referral", "Referral"
        TRANSFER = "transfer", "Transfer between authorities"
        EARLY_INTERVENTION = "early_intervention", "Agency on an Early Intervention plan"
        EMERGENCY = "emergency", "Emergency (break-glass) access"

    class Level(models.TextChoices):
        VIEW = "view", "Can view"
        EDIT = "edit", "Can view and edit"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="access_grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="child_grants"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="child_grants")
    basis = models.CharField(max_length=32, choices=Basis.choices)
    level = models.CharField(max_length=8, choices=Level.choices, default=Level.VIEW)
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["granted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, team__isnull=True) | models.Q(user__isnull=True, team__isnull=False)
                ),
                name="child_grant_one_principal",
            )
        ]
        indexes = [models.Index(fields=["child", "revoked_at"]), models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.user or self.team}: {self.get_level_display()} ({self.get_basis_display()})"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
