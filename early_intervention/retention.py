"""Early Intervention moves, for retention (issue 17): kept for a period from the move's closing
(completed or withdrawn), then anonymised with the meeting's notes and the agreed plan."""

from django.db.models import F, Q
from django.db.models.functions import Coalesce, TruncDate

from early_intervention.models import AgreedPlanItem, EarlyInterventionAgency, EarlyInterventionMove, MultiAgencyMeeting
from portal import extensions
from portal.disposal import anonymise_with_history
from sharing.retention import consent_relied_on_while

RECORD_TYPE = "early_intervention.move"

ANONYMISED_MOVE = {
    "new_address": "",
    "consent_explanation": "",
    "outcome_reason": "",
    "plan_update_summary": "",
    "withdrawal_reason": "",
}


def candidates():
    return EarlyInterventionMove.objects.filter(state__in=EarlyInterventionMove.CLOSED)


def dispose(*, ids: list[int], reason: str) -> int:
    meetings = list(MultiAgencyMeeting.objects.filter(move_id__in=ids).values_list("pk", flat=True))
    anonymise_with_history(
        MultiAgencyMeeting,
        meetings,
        values={"others_present": "", "discussion_summary": "", "outcome_notes": ""},
        reason=reason,
    )
    items = list(AgreedPlanItem.objects.filter(move_id__in=ids).values_list("pk", flat=True))
    anonymise_with_history(AgreedPlanItem, items, values={"information": "", "expectations": ""}, reason=reason)
    agencies = list(EarlyInterventionAgency.objects.filter(move_id__in=ids).values_list("pk", flat=True))
    anonymise_with_history(
        EarlyInterventionAgency,
        agencies,
        values={"contact_name": "", "contact_email": "", "contact_phone": ""},
        reason=reason,
    )
    return anonymise_with_history(EarlyInterventionMove, ids, values=ANONYMISED_MOVE, reason=reason)


def register() -> None:
    # The family's consent to the move is kept while the move is open.
    consent_relied_on_while(
        EarlyInterventionMove, field="consent_record", open_records=~Q(state__in=EarlyInterventionMove.CLOSED)
    )
    extensions.register_retention_type(
        RECORD_TYPE,
        label="Early Intervention move",
        candidates=candidates,
        triggers={
            "closure": TruncDate(Coalesce("completed_at", "withdrawn_at")),
            "date_of_birth": F("child__date_of_birth"),
            "last_activity": TruncDate(Coalesce("completed_at", "withdrawn_at", "created_at")),
        },
        organisation="lead_team__organisation_id",
        child="child_id",
        dispose=dispose,
    )
