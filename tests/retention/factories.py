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


# --- For the URL-walking tests (tests/test_permission_matrix.py): north's item, hold and certificate.


def world_item(world) -> ReviewItem:
    found = ReviewItem.objects.filter(record_type="referrals.no_further_action", object_id=world.referral.pk).first()
    return found or due_item("referrals.no_further_action", world.referral.pk, world.setup.north.org)


def world_hold(world):
    from retention.models import LegalHold

    item = world_item(world)
    return LegalHold.objects.filter(item=item).first() or services.legal_hold_place(
        actor=world.setup.north.info_lead, item=item, scope="record", kind=LegalHold.Kind.INQUIRY, reason="Inquiry"
    )


def world_certificate(world):
    from retention.models import DisposalCertificate

    item = world_item(world)
    return DisposalCertificate.objects.filter(organisation=world.setup.north.org).first() or (
        DisposalCertificate.objects.create(
            organisation=world.setup.north.org,
            record_type=item.record_type,
            record_type_label="MAST referral: no further action",
            rule=item.rule,
            rule_text=str(item.rule),
            count=1,
            approved_by=world.setup.north.info_lead,
        )
    )
