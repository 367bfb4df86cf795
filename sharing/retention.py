"""Sharing, for retention (issue 17).

Completed sharing decisions: kept for a period from completion, then their free text (who asked, the
named recipient, the purpose, the reasons, the advice and what was shared) is emptied in the record
and its history. The decision's outcome, dates and lawful basis stay, so the organisation's log
still counts it.

Consent records (the family's agreement, or refusal, to share, to a referral, an Early Intervention
move or a CIN transfer): part of the child's case record, so kept until the child's 25th birthday by
default, then their free text (the purpose in words, the recipients in words, the explanation, the
judgement of the child's capacity, the note of a withdrawal) is emptied in the record and its
history. Status, purpose, dates and recipient organisations stay, so counts and the history of the
grants ledger stay coherent. The person who decided stays linked: the record may not lose them while
it says a person with parental responsibility decided (a check constraint), and they remain in the
golden record anyway.

A consent record is never listed, nor disposed of, while anything relies on it: a workflow's draft
(`is_draft`), an open workflow that refers to it (each app that refers to consent says which of its
records are open, with `consent_relied_on_while`), or access in force on the grants ledger on the
strength of it (a consent-based grant from a sharing decision that relied on it).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from portal import extensions
from portal.disposal import anonymise_with_history
from portal.models import ChildAccessGrant
from sharing.models import ConsentRecord, SharingDecision

RECORD_TYPE = "sharing.decision"
CONSENT_RECORD_TYPE = "sharing.consent"

ANONYMISED_DECISION = {
    "requested_by": "",
    "recipient_name": "",
    "purpose_detail": "",
    "reasons": "",
    "advice_question": "",
    "advice": "",
    "summary_facts": "",
    "summary_opinion": "",
    "amendment_reason": "",
}

ANONYMISED_CONSENT = {
    "purpose_detail": "",
    "recipients_detail": "",
    "explanation": "",
    "capacity_reason": "",
    "withdrawal_note": "",
}

# model label -> (model, the foreign key to the consent record, which of its records are still open)
_reliances: dict[str, tuple[type[models.Model], str, Q]] = {}


def consent_relied_on_while(model: type[models.Model], *, field: str, open_records: Q) -> None:
    """A workflow's records refer to consent records through `field`: while one of them matches
    `open_records`, the consent it refers to is kept (not listed for retention, not disposed of)."""
    _reliances[model._meta.label_lower] = (model, field, open_records)


def consent_reliances() -> dict[str, tuple[type[models.Model], str, Q]]:
    return dict(_reliances)


def candidates():
    return SharingDecision.objects.filter(status=SharingDecision.Status.COMPLETED)


def _access_in_force_on_consent() -> Exists:
    now = timezone.now()
    grants = ChildAccessGrant.objects.filter(
        basis=ChildAccessGrant.Basis.CONSENT,
        revoked_at__isnull=True,
        source_type__app_label="sharing",
        source_type__model="sharingdecision",
    ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    return Exists(SharingDecision.objects.filter(consent_record=OuterRef("pk"), pk__in=grants.values("source_id")))


def consent_candidates():
    """Recorded consent nothing relies on any more (a fixed number of queries: one)."""
    relied_on = Q(_access_in_force_on_consent())
    for model, field, open_records in _reliances.values():
        relied_on |= Exists(model._base_manager.filter(open_records, **{field: OuterRef("pk")}))
    return ConsentRecord.with_drafts.filter(is_draft=False).exclude(relied_on)


def dispose(*, ids: list[int], reason: str) -> int:
    return anonymise_with_history(SharingDecision, ids, values=ANONYMISED_DECISION, reason=reason)


def consent_dispose(*, ids: list[int], reason: str) -> int:
    """Under a lock on the records (the lock a decision relying on consent completes under), so
    nothing starts relying on one while it is disposed of; refused if something does already."""
    locked = list(ConsentRecord.with_drafts.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
    free = set(consent_candidates().filter(pk__in=locked).values_list("pk", flat=True))
    relied_on = len(set(ids) - free)
    if relied_on:
        raise ValidationError(
            {
                "items": f"{relied_on} of the selected consent records {'is' if relied_on == 1 else 'are'} relied on "
                "again (by open work or access given on it) and cannot be disposed of: keep them longer"
            }
        )
    return anonymise_with_history(ConsentRecord, sorted(free), values=ANONYMISED_CONSENT, reason=reason)


def register() -> None:
    extensions.register_retention_type(
        RECORD_TYPE,
        label="Sharing decision",
        candidates=candidates,
        triggers={
            "closure": TruncDate("completed_at"),
            "last_activity": TruncDate(Coalesce("completed_at", "started_at")),
        },
        organisation="organisation_id",
        child="child_id",
        dispose=dispose,
    )
    consent_relied_on_while(
        SharingDecision, field="consent_record", open_records=~Q(status=SharingDecision.Status.COMPLETED)
    )
    extensions.register_retention_type(
        CONSENT_RECORD_TYPE,
        label="Consent record",
        candidates=consent_candidates,
        triggers={
            "date_of_birth": F("child__date_of_birth"),
            "last_activity": TruncDate(Coalesce("withdrawn_at", "recorded_at")),
        },
        # The organisation of the practitioner who recorded it: its lead information officer reviews it.
        organisation="recorded_by__organisation_id",
        child="child_id",
        dispose=consent_dispose,
    )
