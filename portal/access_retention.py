"""The access log, for retention (issue 17): who opened which child's record, when and why.

Kept six years from the event by default (the seeded rule): long enough for the Caldicott
Guardian's audits, for a complaint to the ICO, and for a claim about misuse of a child's
information within the Limitation Act's six years; the officer can count from the child's date
of birth instead (until the 25th birthday, with the child's record itself). Whose log it is: the
local authority holding the child's record, whose lead information officer answers for it.

The log is append-only by a database trigger (portal migrations 0005 and 0013). Disposal is the
one deletion the trigger lets through, and only while `ALLOW_DISPOSAL` is set with SET LOCAL in the
disposing transaction: it is cleared again straight after, so nothing else in that transaction,
and nothing in any other, can delete a row of the log. An UPDATE is refused always.

Not listed: an emergency access still under review (its escalation reads the event), and an
emergency-access search that matched no child (no authority holds it).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.db.models.functions import TruncDate

from portal import extensions
from portal.models import AccessEvent, Escalation

RECORD_TYPE = "portal.access_event"

# The transaction-local setting the trigger looks for (portal/migrations/0013_…).
SETTING = "portal.retention_disposal"


def candidates():
    reviewed = Escalation.objects.filter(subject_type=ContentType.objects.get_for_model(AccessEvent)).values(
        "subject_id"
    )
    return AccessEvent.objects.filter(child__isnull=False).exclude(pk__in=reviewed)


def _allow_disposal(on: bool) -> None:
    if connection.vendor != "postgresql":
        return  # no trigger outside PostgreSQL (SQLite for `make run`): nothing to let through
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, "on" if on else ""])


def dispose(*, ids: list[int], reason: str) -> int:
    """Delete the events and every version of them in their history, inside the caller's
    transaction: the trigger allows it only there, and only until this returns."""
    if not ids:
        return 0
    found = list(candidates().filter(pk__in=ids).values_list("pk", flat=True))
    _allow_disposal(True)
    # The events first: deleting one writes a last version of it to the history, deleted next.
    AccessEvent.objects.filter(pk__in=found).delete()
    AccessEvent.history.model.objects.filter(id__in=found).delete()
    # Cleared at once (a failure rolls the setting back with the transaction).
    _allow_disposal(False)
    return len(found)


def register() -> None:
    extensions.register_retention_type(
        RECORD_TYPE,
        label="Access log entry",
        candidates=candidates,
        triggers={"closure": TruncDate("at"), "date_of_birth": F("child__date_of_birth")},
        organisation="child__local_authority_id",
        child="child_id",
        dispose=dispose,
    )
