"""Records at the end of their retention period, made through the apps' own services and reviewed
as if years had passed (`later`), rather than back-dated."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from referrals.models import Outcome
from retention import services
from retention.models import ReviewItem
from tests.early_intervention import factories as ei
from tests.referrals.factories import screened, sent


def later(years: int = 7) -> date:
    return timezone.localdate() + relativedelta(years=years)


def nfa_referral(setup, **details):
    return screened(setup, sent(setup, **details), outcome=Outcome.NO_FURTHER_ACTION)


def withdrawn_move(setup):
    from early_intervention import services as ei_services

    move = ei.record(setup)
    return ei_services.move_withdraw(actor=move.lead_professional, move=move, reason="Recorded in error")


def listed(record_type: str, record, *, today: date | None = None) -> ReviewItem:
    services.retention_list_due(today=today or later())
    return ReviewItem.objects.get(record_type=record_type, object_id=record.pk)


def due_item(record_type: str, object_id: int, organisation, *, review_due: date | None = None) -> ReviewItem:
    """A review item due today (or on `review_due`), as the sweep lists it: for the pages, which
    show what is due by the real date."""
    from retention.models import RetentionRule

    today = timezone.localdate()
    return ReviewItem.objects.create(
        record_type=record_type,
        object_id=object_id,
        organisation=organisation,
        rule=RetentionRule.objects.get(record_type=record_type),
        trigger_date=today - relativedelta(years=6),
        review_due=review_due or today,
        listed_on=today,
    )


def bulk_items(organisation, count: int, *, start: int = 0, record_type: str = "referrals.no_further_action") -> None:
    from retention.models import RetentionRule

    today = timezone.localdate()
    rule = RetentionRule.objects.get(record_type=record_type)
    ReviewItem.objects.bulk_create(
        [
            ReviewItem(
                record_type=record_type,
                object_id=10_000_000 + start + n,
                organisation=organisation,
                rule=rule,
                trigger_date=today - relativedelta(years=6),
                review_due=today,
                listed_on=today,
            )
            for n in range(count)
        ]
    )
