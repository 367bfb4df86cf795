"""Data protection rights in the core's pages: a restricted record cannot be shared, and a
restriction or the person's statement is shown with the child's record."""

from portal.extensions import Plugin, RecordNote
from subject_rights.models import Rectification, Restriction


class SubjectRightsPlugin(Plugin):
    name = "subject_rights"

    def sharing_refusals(self, *, child) -> list[str]:
        restriction = Restriction.objects.filter(child=child, lifted_at__isnull=True).first()
        if restriction is None:
            return []
        return [
            "This record is restricted and cannot be shared until the restriction is lifted "
            f"(restricted on {restriction.restricted_at:%-d %B %Y}: {restriction.reason})"
        ]

    def record_notes(self, *, user, child) -> list[RecordNote]:
        notes = [
            RecordNote(
                title="Restricted",
                text=f"this record can be viewed but not shared. Reason: {r.reason}",
                warning=True,
            )
            for r in Restriction.objects.filter(child=child, lifted_at__isnull=True)
        ]
        notes += [
            RecordNote(
                title=f"The statement of {r.requester}, who disputes this record ({r.received_on:%-d %B %Y})",
                text=r.statement,
            )
            for r in Rectification.objects.filter(child=child, decision=Rectification.Decision.DISAGREED)
        ]
        return notes
