"""The consistent identifier (Children Act 2004 s16LC) every record about a child carries: the NHS
number, or why it was left out. An abstract model each workflow's record takes on."""

from django.db import models

from sharing import rules
from sharing.choices import IdentifierOmitted


class CarriesConsistentIdentifier(models.Model):
    identifier_nhs_number = models.CharField(
        "NHS number carried", max_length=10, blank=True, help_text="The consistent identifier the record carried."
    )
    identifier_omitted_reason = models.CharField(
        "Why the NHS number was left out", max_length=32, choices=IdentifierOmitted.choices, blank=True
    )
    identifier_omitted_explanation = models.TextField("Why the NHS number was left out: explanation", blank=True)

    class Meta:
        abstract = True

    @property
    def identifier(self) -> rules.ConsistentIdentifier:
        return rules.ConsistentIdentifier.of(self)
