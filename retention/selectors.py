"""Reads for the retention pages: the officer's own organisation only, in a fixed number of queries
however many records there are. No child's details: record types, numbers and dates."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Min, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404

from portal import extensions
from portal.models import User
from retention import clocks, policies
from retention.models import DisposalCertificate, LegalHold, ReviewItem
from retention.services.common import holds_on


def items_due(*, user: User, today: date) -> QuerySet[ReviewItem]:
    """The records waiting for the officer's decision: reached their review date, not disposed of."""
    return (
        ReviewItem.objects.filter(
            organisation_id=policies.organisation_of(user), status=ReviewItem.Status.DUE, review_due__lte=today
        )
        .select_related("rule")
        .annotate(extension_count=Count("extensions"))
        .order_by("review_due", "pk")
    )


def holds_for_page(*, user: User, items: list[ReviewItem]) -> dict[int, list[LegalHold]]:
    return holds_on(items, organisation_id=policies.organisation_of(user))


def item_get(*, user: User, pk: int) -> ReviewItem:
    return get_object_or_404(
        ReviewItem.objects.select_related("rule"), pk=pk, organisation_id=policies.organisation_of(user)
    )


def holds(*, user: User) -> QuerySet[LegalHold]:
    return (
        LegalHold.objects.filter(organisation_id=policies.organisation_of(user))
        .select_related("placed_by", "lifted_by", "item")
        .order_by("status", "-placed_at", "-pk")
    )


def hold_get(*, user: User, pk: int) -> LegalHold:
    return get_object_or_404(
        LegalHold.objects.select_related("item"), pk=pk, organisation_id=policies.organisation_of(user)
    )


def certificates(*, user: User) -> QuerySet[DisposalCertificate]:
    return DisposalCertificate.objects.filter(organisation_id=policies.organisation_of(user)).select_related(
        "approved_by"
    )


def certificate_get(*, user: User, pk: int) -> DisposalCertificate:
    return get_object_or_404(
        DisposalCertificate.objects.select_related("approved_by", "rule"),
        pk=pk,
        organisation_id=policies.organisation_of(user),
    )


@dataclass(frozen=True)
class Overdue:
    label: str
    count: int
    oldest_due: date


def past_retention_not_reviewed(*, user: User, today: date) -> list[Overdue]:
    """Per type of record: how many have passed their review date without a decision, and since when."""
    rows = (
        ReviewItem.objects.filter(
            organisation_id=policies.organisation_of(user), status=ReviewItem.Status.DUE, review_due__lt=today
        )
        .values("record_type")
        .annotate(count=Count("pk"), oldest_due=Min("review_due"))
        .order_by("record_type")
    )
    labels = {kind.key: kind.label for kind in extensions.retention_types()}
    return [
        Overdue(labels.get(row["record_type"], row["record_type"]), row["count"], row["oldest_due"]) for row in rows
    ]


def disposals_by_month(*, user: User, today: date, months: int = 12) -> list[tuple[date, int]]:
    """How many records were disposed of in each of the last `months` months (oldest first, none missing)."""
    first = clocks.month_start(today)
    starts = [first]
    for _ in range(months - 1):
        starts.append(clocks.month_start(starts[-1] - timedelta(days=1)))
    starts.reverse()
    totals = dict(
        DisposalCertificate.objects.filter(
            organisation_id=policies.organisation_of(user), disposed_at__date__gte=starts[0]
        )
        .annotate(month=TruncMonth("disposed_at"))
        .values("month")
        .annotate(total=Sum("count"))
        .values_list("month", "total")
    )
    by_month = {month.date() if hasattr(month, "date") else month: total for month, total in totals.items()}
    return [(start, by_month.get(start, 0)) for start in starts]
