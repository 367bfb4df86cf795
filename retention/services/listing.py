"""The weekly sweep: list each record that has reached the end of its retention period as a review
item for its organisation's lead information officer. It lists; it never disposes of anything."""

from datetime import date

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from portal import extensions
from retention import clocks
from retention.models import RetentionRule, ReviewItem, ReviewRound

BATCH = 500
TRIGGER = "_retention_trigger"


def retention_sweep(*, today: date) -> dict[str, int]:
    """Beat runs every sweep each minute (portal.sweeps); this one works once a week: the first run
    in a week lists, the rest of the week's runs find the week's mark and stop."""
    week = clocks.week_starting(today)
    if ReviewRound.objects.filter(week_starting=week).exists():
        return {"listed": 0}
    counts = retention_list_due(today=today)
    ReviewRound.objects.get_or_create(week_starting=week, defaults={"listed": counts["listed"]})
    return counts


def retention_list_due(*, today: date) -> dict[str, int]:
    """List every record whose period has ended by `today` and is not listed yet. Idempotent: a
    record is listed once (a unique constraint says so), and an extension moves its item's date
    rather than making another. A fixed number of queries per type of record, batches of 500."""
    rules = {rule.record_type: rule for rule in RetentionRule.objects.filter(is_active=True)}
    listed = 0
    for kind in extensions.retention_types():
        rule = rules.get(kind.key)
        if rule is None or rule.trigger not in kind.triggers:
            continue
        latest = clocks.latest_trigger_due_by(today=today, years=rule.years, months=rule.months)
        already = ReviewItem.objects.filter(record_type=kind.key).values("object_id")
        rows = (
            kind.candidates()
            .annotate(**{TRIGGER: kind.triggers[rule.trigger]})
            .filter(**{f"{TRIGGER}__lte": latest, f"{kind.organisation}__isnull": False})
            .exclude(pk__in=already)
            .order_by("pk")
            .values_list("pk", TRIGGER, kind.organisation)
        )
        batch: list[ReviewItem] = []
        for pk, trigger_date, organisation_id in rows.iterator(chunk_size=2000):
            due = clocks.review_due(trigger_date=trigger_date, years=rule.years, months=rule.months)
            batch.append(
                ReviewItem(
                    record_type=kind.key,
                    object_id=pk,
                    organisation_id=organisation_id,
                    rule=rule,
                    trigger_date=trigger_date,
                    review_due=due,
                    listed_on=today,
                )
            )
            if len(batch) == BATCH:
                listed += _write(batch)
                batch = []
        listed += _write(batch)
    return {"listed": listed}


def _write(batch: list[ReviewItem]) -> int:
    if not batch:
        return 0
    with transaction.atomic():
        bulk_create_with_history(batch, ReviewItem, default_change_reason="Listed for retention review")
    return len(batch)
