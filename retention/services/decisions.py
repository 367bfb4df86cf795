"""The officer's decisions on a batch of review items: keep them longer (with a reason and a new
date), or dispose of them. Disposal is refused for anything under a legal hold, and writes one
certificate per type of record and rule, in the same transaction as the disposal itself."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from portal.models import User
from portal.services import InvalidTransition
from retention.models import DisposalCertificate, ReviewExtension, ReviewItem
from retention.policies import organisation_of
from retention.services.common import holds_on, kind_of, require_reviewer

# An extension moves a review at most this far ahead; a longer one is a change to the rule.
LONGEST_EXTENSION = timedelta(days=366 * 10)


def _locked_items(*, actor: User, item_ids: list[int], today: date) -> list[ReviewItem]:
    ids = sorted(set(item_ids))
    if not ids:
        raise ValidationError({"items": "Select at least one record"})
    items = list(
        ReviewItem.objects.select_for_update()
        .filter(pk__in=ids, organisation_id=organisation_of(actor))
        .select_related("rule")
        .order_by("pk")
    )
    if len(items) != len(ids):
        raise ValidationError({"items": "Select only records your organisation holds"})
    if any(item.status != ReviewItem.Status.DUE for item in items):
        raise InvalidTransition("Someone has already disposed of some of these records. Nothing was changed.")
    if any(item.review_due > today for item in items):
        raise ValidationError({"items": "Select only records that are due for review"})
    return items


def retention_extend(*, actor: User, item_ids: list[int], new_due: date | None, reason: str, today: date) -> int:
    """Keep the records until `new_due`, for the reason given; they come back for review then."""
    require_reviewer(actor)
    errors = {}
    if not reason.strip():
        errors["reason"] = "Explain why these records are kept longer"
    if new_due is None:
        errors["new_due"] = "Enter the date to review them again"
    elif new_due <= today:
        errors["new_due"] = "The date to review them again must be in the future"
    elif new_due > today + LONGEST_EXTENSION:
        errors["new_due"] = "Extend by no more than 10 years: a longer period is a change to the retention rule"
    if errors or new_due is None:
        raise ValidationError(errors)
    with transaction.atomic():
        items = _locked_items(actor=actor, item_ids=item_ids, today=today)
        now = timezone.now()
        extensions = [
            ReviewExtension(
                item=item,
                previous_due=item.review_due,
                new_due=new_due,
                reason=reason.strip(),
                extended_by=actor,
                extended_at=now,
            )
            for item in items
        ]
        bulk_create_with_history(
            extensions, ReviewExtension, default_user=actor, default_change_reason="Retention extended"
        )
        for item in items:
            item.review_due = new_due
        bulk_update_with_history(
            items, ReviewItem, ["review_due"], default_user=actor, default_change_reason="Retention extended"
        )
    return len(items)


def retention_dispose(*, actor: User, item_ids: list[int], today: date) -> list[DisposalCertificate]:
    """Dispose of the records the officer approved: each type's app anonymises or deletes their
    personal data and history, and a certificate records what was done. All or nothing: a record
    under a legal hold refuses the whole batch, so the officer sees exactly what was disposed of."""
    require_reviewer(actor)
    with transaction.atomic():
        items = _locked_items(actor=actor, item_ids=item_ids, today=today)
        held = holds_on(items, organisation_id=organisation_of(actor))
        if held:
            count = len(held)
            raise ValidationError(
                {
                    "items": f"{count} of the selected records {'is' if count == 1 else 'are'} under a legal hold "
                    "and cannot be disposed of: remove them from the selection, or lift the hold first"
                }
            )
        groups: dict[tuple[str, int], list[ReviewItem]] = {}
        for item in items:
            groups.setdefault((item.record_type, item.rule_id), []).append(item)
        now = timezone.now()
        certificates = []
        for (key, _), group in groups.items():
            kind = kind_of(key)
            rule = group[0].rule
            kind.dispose(ids=[item.object_id for item in group], reason=f"Disposed of under retention rule {rule.pk}")
            certificate = DisposalCertificate.objects.create(
                organisation_id=organisation_of(actor),
                record_type=key,
                record_type_label=kind.label,
                rule=rule,
                rule_text=str(rule)[:300],
                count=len(group),
                approved_by=actor,
                disposed_at=now,
            )
            certificates.append(certificate)
            for item in group:
                item.dispose()
                item.decided_by = actor
                item.decided_at = now
                item.certificate = certificate
            bulk_update_with_history(
                group,
                ReviewItem,
                ["status", "decided_by", "decided_at", "certificate"],
                default_user=actor,
                default_change_reason="Disposed of",
            )
    return certificates
