"""The children and families the portal is about: a child (one record per NHS number), the
guardian object-permission rows on it, and the people in the child's life."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from portal.models.organisations import Organisation, Team


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
