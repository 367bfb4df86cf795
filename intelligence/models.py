"""Child exploitation intelligence (issue 16 §1, guidance §6.3).

Any practitioner records what they saw or heard that may add to "a bigger picture of exploitation";
the local authority's Child Exploitation team triages it, links it to children, places and vehicles
(normalised, so that recurrences can be counted) and watches the trends. An item is visible to its
submitter and to that team only (`intelligence.selectors`); linking it to a child tells the child's
allocated team that intelligence is held, never what it says. The services in
`intelligence.services` are the only writers.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from portal.models import Child, Organisation
from sharing.models import CarriesConsistentIdentifier


class Place(models.Model):
    """A place intelligence is about, once per authority: a description (never a home address) and a
    postcode district. `key` is the normalised description, so "the Kwik Shop car park" and "The
    Kwik-Shop  car park" are the same place."""

    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=200)
    postcode_district = models.CharField(max_length=4)
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["postcode_district", "description"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "postcode_district", "key"], name="intelligence_place_unique")
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.postcode_district})"


class Vehicle(models.Model):
    """A vehicle, once per authority, by its registration mark (stored without spaces, upper case)."""

    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    registration = models.CharField(max_length=8)
    description = models.CharField(max_length=120, blank=True, help_text="Make, model, colour.")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["registration"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "registration"], name="intelligence_vehicle_unique")
        ]

    def __str__(self) -> str:
        return f"{self.registration} {self.description}".strip()


class Individual(models.Model):
    """A person intelligence is about who is not a child in the portal — an adult of concern, another
    young person, an online account — recorded once per authority and kind so that the same person
    in several submissions counts as one. `key` is the normalised name (`rules.person_key`): "Tiny
    Marston", "marston, tiny" and "TINY  MARSTON" are the same person; "@Tiny_M" and "tiny_m" the same
    account."""

    class Kind(models.TextChoices):
        ADULT = "adult", "An adult of concern"
        YOUNG_PERSON = "young_person", "Another young person"
        ONLINE_ACCOUNT = "online_account", "An online account"

    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=200, help_text="A name or nickname, or the account's username.")
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "key"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "kind", "key"], name="intelligence_individual_unique")
        ]

    def __str__(self) -> str:
        return self.name


class IntelligenceItem(models.Model):
    """One piece of intelligence: draft → new (submitted) → assessed → linked → shared with the police
    | no further action (each with reasons)."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        NEW = "new", "New"
        ASSESSED = "assessed", "Assessed"
        LINKED = "linked", "Linked"
        SHARED_WITH_POLICE = "shared_with_police", "Shared with the police"
        NO_FURTHER_ACTION = "no_further_action", "No further action"

    OPEN_STATES = (State.NEW, State.ASSESSED, State.LINKED)
    CLOSED_STATES = (State.SHARED_WITH_POLICE, State.NO_FURTHER_ACTION)
    WORKABLE_STATES = (State.ASSESSED, State.LINKED)

    class Kind(models.TextChoices):
        CRIMINAL = "criminal", "Criminal exploitation"
        SEXUAL = "sexual", "Sexual exploitation"
        COUNTY_LINES = "county_lines", "County lines"
        ONLINE = "online", "Online exploitation"
        TRAFFICKING = "trafficking", "Trafficking"
        OTHER = "other", "Other"

    class SourceEvaluation(models.TextChoices):
        # The national 3×5×2 grading.
        RELIABLE = "1", "1 — Reliable"
        UNTESTED = "2", "2 — Untested"
        NOT_RELIABLE = "3", "3 — Not reliable"

    class Assessment(models.TextChoices):
        KNOWN_DIRECTLY = "A", "A — Known directly to the source"
        KNOWN_INDIRECTLY = "B", "B — Known indirectly to the source but corroborated"
        INDIRECTLY = "C", "C — Known indirectly to the source"
        NOT_KNOWN = "D", "D — Not known"
        SUSPECTED_FALSE = "E", "E — Suspected to be false or malicious"

    class Handling(models.TextChoices):
        LAWFUL_SHARING = "P", "P — Lawful sharing permitted"
        CONDITIONS = "C", "C — Lawful sharing permitted with conditions"

    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitter_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The local authority whose Child Exploitation team receives the item.",
    )
    state = FSMField(default=State.DRAFT, choices=State.choices, protected=False)
    kind = models.CharField("Type of exploitation", max_length=16, choices=Kind.choices, blank=True)
    seen_or_heard = models.TextField("What was seen or heard (facts only)", blank=True)
    opinion = models.TextField("What you think it means (your opinion)", blank=True)
    happened_on = models.DateField(null=True, blank=True)
    time_of_day = models.CharField(max_length=40, blank=True)
    place_description = models.CharField(max_length=200, blank=True)
    postcode_district = models.CharField(max_length=4, blank=True)
    source_evaluation = models.CharField(max_length=1, choices=SourceEvaluation.choices, blank=True)
    assessment = models.CharField(max_length=1, choices=Assessment.choices, blank=True)
    handling = models.CharField(max_length=1, choices=Handling.choices, blank=True)
    handling_conditions = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    assess_due_on = models.DateField(null=True, blank=True, help_text="One working day after submission.")
    assessed_at = models.DateTimeField(null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assessment_notes = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_reasons = models.TextField(blank=True)
    police_reference = models.CharField(max_length=60, blank=True)
    places = models.ManyToManyField(Place, through="ItemPlace", related_name="items")
    vehicles = models.ManyToManyField(Vehicle, through="ItemVehicle", related_name="items")
    children = models.ManyToManyField(Child, through="ItemChild", related_name="+")
    individuals = models.ManyToManyField(Individual, through="ItemIndividual", related_name="items")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = "intelligence item"
        permissions = [("triage_intelligenceitem", "Triage, link and close exploitation intelligence")]
        indexes = [
            models.Index(fields=["authority", "state"]),
            models.Index(fields=["submitted_by", "state"]),
        ]

    def __str__(self) -> str:
        return self.reference  # never what it says: this string reaches logs, history and escalations

    def get_absolute_url(self) -> str:
        if self.state == self.State.DRAFT:
            return reverse("intelligence:draft", args=[self.pk])
        return reverse("intelligence:detail", args=[self.pk])

    def escalation_url_for(self, user) -> str:
        """The link an escalation about this item shows: only to those who may open it (the
        Caldicott Guardian sees the escalation in their queue, not the intelligence)."""
        from intelligence import selectors

        return self.get_absolute_url() if selectors.item_list_for_user(user=user).filter(pk=self.pk).exists() else ""

    def escalation_summary(self) -> list[tuple[str, str]]:
        """What anyone who sees the escalation may read: the reference and the dates, not the content."""
        rows = [("Intelligence", self.reference)]
        if self.submitted_at:
            rows.append(("Submitted", f"{timezone.localtime(self.submitted_at):%-d %B %Y}"))
        if self.assess_due_on:
            rows.append(("To be assessed by", f"{self.assess_due_on:%-d %B %Y}"))
        return rows

    @property
    def reference(self) -> str:
        return f"INT-{self.pk:06d}" if self.pk else "INT-new"

    @property
    def state_colour(self) -> str:
        return {"new": "blue", "assessed": "yellow", "linked": "purple", "draft": "grey"}.get(self.state, "green")

    @property
    def grading(self) -> str:
        return f"{self.source_evaluation}{self.assessment}{self.handling}" if self.source_evaluation else ""

    @transition(field=state, source=State.DRAFT, target=State.NEW)
    def submit(self, *, at, due_on) -> None:
        self.submitted_at = at
        self.assess_due_on = due_on

    @transition(field=state, source=State.NEW, target=State.ASSESSED)
    def assess(self, *, by, at, notes: str) -> None:
        self.assessed_by, self.assessed_at, self.assessment_notes = by, at, notes

    @transition(field=state, source=State.ASSESSED, target=State.LINKED)
    def mark_linked(self) -> None:
        pass

    @transition(field=state, source=list(WORKABLE_STATES), target=State.SHARED_WITH_POLICE)
    def share_with_police(self, *, by, at, reasons: str, police_reference: str) -> None:
        self.closed_by, self.closed_at, self.outcome_reasons, self.police_reference = by, at, reasons, police_reference

    @transition(field=state, source=list(WORKABLE_STATES), target=State.NO_FURTHER_ACTION)
    def close_no_further_action(self, *, by, at, reasons: str) -> None:
        self.closed_by, self.closed_at, self.outcome_reasons = by, at, reasons


class Subject(models.Model):
    """Whom or what the submitter says the intelligence is about, as they described it (the team
    turns places, vehicles and people into links: `Individual`)."""

    class Kind(models.TextChoices):
        YOUNG_PERSON = "young_person", "Another young person"
        ADULT = "adult", "An adult of concern"
        VEHICLE = "vehicle", "A vehicle"
        LOCATION = "location", "A location"
        ONLINE_ACCOUNT = "online_account", "An online account"

    item = models.ForeignKey(IntelligenceItem, on_delete=models.CASCADE, related_name="subjects")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    description = models.CharField(
        max_length=300, help_text="A name or nickname, a registration, a username, a description."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.item}"


class ItemChild(CarriesConsistentIdentifier, models.Model):
    """The item is about this child in the portal. The submitter found the child by an exact search and
    does not see the record; the child's allocated team is told intelligence exists, not what it says.
    The link carries the consistent identifier (s16LC): the child's NHS number, or why it is left out."""

    item = models.ForeignKey(IntelligenceItem, on_delete=models.CASCADE, related_name="child_links")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="intelligence_links")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "child"], name="intelligence_item_child_unique")]

    def __str__(self) -> str:
        return f"{self.item} linked to a child"


class ItemPlace(models.Model):
    item = models.ForeignKey(IntelligenceItem, on_delete=models.CASCADE, related_name="place_links")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="item_links")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "place"], name="intelligence_item_place_unique")]

    def __str__(self) -> str:
        return f"{self.item} at {self.place}"


class ItemVehicle(models.Model):
    item = models.ForeignKey(IntelligenceItem, on_delete=models.CASCADE, related_name="vehicle_links")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="item_links")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "vehicle"], name="intelligence_item_vehicle_unique")]

    def __str__(self) -> str:
        return f"{self.item} with {self.vehicle}"


class ItemIndividual(models.Model):
    item = models.ForeignKey(IntelligenceItem, on_delete=models.CASCADE, related_name="individual_links")
    individual = models.ForeignKey(Individual, on_delete=models.PROTECT, related_name="item_links")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "individual"], name="intelligence_item_individual_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item} linked to a person"


class ItemRead(models.Model):
    """Every opening of an item, by anyone: who and when (the item's own access log; a read of an item
    linked to a child is also an access event on the child)."""

    item = models.ForeignKey(IntelligenceItem, on_delete=models.PROTECT, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.item} read"
