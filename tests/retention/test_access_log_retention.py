"""The access log as a retention record type (issue 17): append-only to everything but a disposal
under an approved review. On PostgreSQL a trigger refuses UPDATE and DELETE; the disposal alone
lets a DELETE through, with a transaction-local setting it clears again at once."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from portal import access_retention
from portal import services as core
from portal.models import AccessEvent
from retention import services
from retention.models import DisposalCertificate, LegalHold, ReviewItem
from tests.factories import make_child, next_nhs_number
from tests.retention.factories import later, listed

LOG = "portal.access_event"
NAME, SURNAME, NHS = "Zebediah", "Quillfeather", "9434765919"


def rows(sql: str, *params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def viewed(setup, *, reason: str = "", **details) -> AccessEvent:
    """A view of the record of a child with a distinctive name (another NHS number for a second child)."""
    values = {"first_name": NAME, "last_name": SURNAME, "nhs_number": NHS, "date_of_birth": date(2015, 3, 9)}
    values.update(details)
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin, **values)
    return core.access_event_record(
        user=setup.north.cin_manager, child=child, basis="Team manager", what=f"{NAME}'s record", reason=reason
    )


def test_a_delete_or_update_of_the_access_log_outside_a_disposal_is_still_refused(postgres, setup):
    event = viewed(setup)
    for sql in [
        "DELETE FROM portal_accessevent WHERE id = %s",
        "DELETE FROM portal_historicalaccessevent WHERE id = %s",
        "UPDATE portal_accessevent SET reason = 'x' WHERE id = %s",
    ]:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            rows(sql, event.pk)
    # Even with the disposal's setting on, an UPDATE is refused: a disposal only deletes.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        rows("SELECT set_config('portal.retention_disposal', 'on', true)")
        rows("UPDATE portal_accessevent SET reason = 'x' WHERE id = %s", event.pk)
    assert rows("SELECT count(*) FROM portal_accessevent WHERE id = %s", event.pk) == [(1,)]


def test_the_child_history_keeps_the_strict_trigger_even_with_the_setting_on(postgres, setup):
    event = viewed(setup)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        rows("SELECT set_config('portal.retention_disposal', 'on', true)")
        rows("DELETE FROM portal_historicalchild WHERE id = %s", event.child_id)


def test_the_disposal_clears_its_setting_so_nothing_after_it_deletes(postgres, setup):
    first, second = viewed(setup), viewed(setup, nhs_number=next_nhs_number())
    with transaction.atomic():
        assert access_retention.dispose(ids=[first.pk], reason="test") == 1
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            rows("DELETE FROM portal_accessevent WHERE id = %s", second.pk)
    assert rows("SELECT count(*) FROM portal_accessevent WHERE id IN (%s, %s)", first.pk, second.pk) == [(1,)]


def test_an_access_log_entry_is_listed_six_years_after_the_event_and_disposed_of_on_approval(setup):
    event = viewed(setup, reason=f"Looked for {NAME} {SURNAME}")
    services.retention_list_due(today=later(years=5))
    assert not ReviewItem.objects.filter(record_type=LOG).exists()
    item = listed(LOG, event)
    # The authority holding the child's record answers for the log of who opened it.
    assert item.organisation == setup.north.org and item.trigger_date == event.at.date()
    assert rows("SELECT count(*) FROM portal_historicalaccessevent WHERE id = %s", event.pk)[0][0] > 0

    [certificate] = services.retention_dispose(actor=setup.north.info_lead, item_ids=[item.pk], today=later())

    assert rows("SELECT count(*) FROM portal_accessevent WHERE id = %s", event.pk) == [(0,)]
    assert rows("SELECT count(*) FROM portal_historicalaccessevent WHERE id = %s", event.pk) == [(0,)]
    assert certificate.count == 1 and certificate.record_type_label == "Access log entry"
    stored = " ".join(
        str(value) for value in DisposalCertificate.objects.filter(pk=certificate.pk).values().get().values()
    )
    history = " ".join(str(v) for row in DisposalCertificate.history.values() for v in row.values())
    for personal in (NAME, SURNAME, NHS, "2015-03-09"):
        assert personal not in stored and personal not in history


@pytest.mark.parametrize("scope", ["record", "child"])
def test_a_legal_hold_blocks_disposal_of_the_access_log(setup, scope):
    event = viewed(setup)
    item = listed(LOG, event)
    officer = setup.north.info_lead
    hold = services.legal_hold_place(actor=officer, item=item, scope=scope, kind=LegalHold.Kind.INQUIRY, reason="x")
    with pytest.raises(ValidationError, match="legal hold"):
        services.retention_dispose(actor=officer, item_ids=[item.pk], today=later())
    assert AccessEvent.objects.filter(pk=event.pk).exists() and not DisposalCertificate.objects.exists()
    services.legal_hold_lift(actor=officer, hold=hold, reason="Inquiry closed")
    services.retention_dispose(actor=officer, item_ids=[item.pk], today=later())
    assert not AccessEvent.objects.filter(pk=event.pk).exists()


def test_an_emergency_access_under_review_is_never_listed(setup):
    event = viewed(setup)
    core.escalation_raise(
        subject=event,
        kind="emergency_access",
        level=1,
        organisation=setup.north.org,
        summary="Emergency access",
        assignees=[setup.north.caldicott],
    )
    services.retention_list_due(today=later(years=30))
    assert not ReviewItem.objects.filter(record_type=LOG, object_id=event.pk).exists()


def test_the_sweep_run_twice_disposes_of_no_access_log_entry(setup):
    event = viewed(setup)
    first = services.retention_sweep(today=later())
    assert services.retention_sweep(today=later()) == {"listed": 0} and first["listed"] >= 1
    assert ReviewItem.objects.filter(record_type=LOG, object_id=event.pk, status=ReviewItem.Status.DUE).exists()
    assert AccessEvent.objects.filter(pk=event.pk).exists() and not DisposalCertificate.objects.exists()
