"""The retention schedule is seeded reference data the lead information officer edits in the admin
(nobody else may), and the weekly sweep is one of the registered sweeps beat runs."""

from datetime import timedelta

from django.urls import reverse

from portal import extensions, sweeps
from retention import services
from retention.models import RetentionRule, ReviewItem, ReviewRound
from tests.helpers import client_for
from tests.retention.factories import later, nfa_referral


def test_every_registered_record_type_has_a_seeded_rule(db):
    keys = {kind.key for kind in extensions.retention_types()}
    assert keys >= {"referrals.no_further_action", "transfers.cin_transfer", "early_intervention.move"}
    rules = {rule.record_type: rule for rule in RetentionRule.objects.all()}
    assert set(rules) == keys
    assert (rules["transfers.cin_transfer"].trigger, rules["transfers.cin_transfer"].years) == ("date_of_birth", 25)


def test_only_the_lead_information_officer_edits_the_schedule_in_the_admin(setup):
    rule = RetentionRule.objects.get(record_type="referrals.no_further_action")
    url = reverse("admin:retention_retentionrule_change", args=[rule.pk])
    officer, guardian = setup.north.info_lead, setup.north.caldicott
    for user in (officer, guardian):
        user.is_staff = True
        user.save()
    assert client_for(guardian).get(url).status_code == 403
    client = client_for(officer)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "record_type": rule.record_type,
            "trigger": "closure",
            "years": 7,
            "months": 0,
            "basis": rule.basis,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.years == 7 and rule.history.latest().history_user == officer


def test_the_admin_refuses_a_trigger_the_record_type_does_not_have(setup):
    rule = RetentionRule.objects.get(record_type="transfers.cin_transfer")
    officer = setup.north.info_lead
    officer.is_staff = True
    officer.save()
    response = client_for(officer).post(
        reverse("admin:retention_retentionrule_change", args=[rule.pk]),
        {
            "record_type": rule.record_type,
            "trigger": "last_activity",
            "years": 25,
            "months": 0,
            "basis": "x",
            "is_active": "on",
        },
    )
    assert response.status_code == 200 and b"can be counted from" in response.content


def test_a_changed_rule_applies_at_the_next_listing(setup):
    referral = nfa_referral(setup)
    RetentionRule.objects.filter(record_type="referrals.no_further_action").update(years=10)
    services.retention_list_due(today=later(years=7))
    assert not ReviewItem.objects.filter(record_type="referrals.no_further_action").exists()
    services.retention_list_due(today=later(years=11))
    assert ReviewItem.objects.get(record_type="referrals.no_further_action").object_id == referral.pk


def test_the_sweep_is_registered_and_lists_once_a_week(setup):
    assert "list_records_due_for_retention_review" in sweeps.registered_names()
    nfa_referral(setup)
    monday = later() - timedelta(days=later().weekday())
    assert sweeps.run("list_records_due_for_retention_review", today=monday).counts == {"listed": 2}
    nfa_referral(setup)
    # Later the same week: the week is listed; the next week lists what is new.
    assert sweeps.run("list_records_due_for_retention_review", today=monday + timedelta(days=3)).counts == {"listed": 0}
    assert sweeps.run("list_records_due_for_retention_review", today=monday + timedelta(days=7)).counts == {"listed": 2}
    assert ReviewRound.objects.count() == 2
    assert set(ReviewItem.objects.values_list("status", flat=True)) == {"due"}


def _clone_referrals(template, count: int, start: int) -> None:
    """Copies of a no-further-action referral, bulk-created: the set-up is not what is measured."""
    import uuid

    from referrals.models import MastReferral

    copies = []
    for n in range(count):
        copy = MastReferral.objects.get(pk=template.pk)
        copy.pk = None
        copy.reference = f"BULK-{start + n:06d}"
        copy.creation_key = uuid.uuid4()
        copies.append(copy)
    MastReferral.objects.bulk_create(copies)


def test_a_listing_costs_the_same_with_10_and_500_records(setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def measure() -> int:
        with CaptureQueriesContext(connection) as captured:
            services.retention_list_due(today=later())
        return len(captured)

    template = nfa_referral(setup)
    _clone_referrals(template, 9, 0)
    first_10, repeat_10 = measure(), measure()
    _clone_referrals(template, 490, 10)
    first_500, repeat_500 = measure(), measure()
    assert ReviewItem.objects.filter(record_type="referrals.no_further_action").count() == 500
    assert repeat_500 == repeat_10
    # A batch of 500 costs a handful of queries, not one per record.
    assert first_500 - first_10 <= 10, (first_10, first_500)
