"""Two people acting on the same Early Intervention move at the same moment (PostgreSQL: real row
locks): exactly one meeting is recorded and one referral drafted; an item is ticked off once."""

import time

import pytest
from django.utils import timezone

from early_intervention import services
from early_intervention.models import AgreedPlanItem, EarlyInterventionMove, MultiAgencyMeeting
from early_intervention.services import meeting, plan_items
from referrals.models import MastReferral
from tests.early_intervention.factories import add_item, eh_manager, hold_meeting, record
from tests.helpers import race

pytestmark = pytest.mark.postgres


@pytest.fixture
def slow_save(monkeypatch):
    """Hold each write open a moment, so that without the row lock both would read the move as still
    waiting and both act."""
    for module in (meeting, plan_items):
        original = module._save

        def slow(instance, *, reason, by=None, original=original):
            if isinstance(instance, MultiAgencyMeeting | AgreedPlanItem):
                time.sleep(0.3)
            original(instance, reason=reason, by=by)

        monkeypatch.setattr(module, "_save", slow)


def test_two_people_recording_the_meeting_make_exactly_one(
    postgres, transactional_db, django_db_serialized_rollback, setup, slow_save
):
    manager = eh_manager(setup)
    move = record(setup)
    outcomes = race(
        lambda: hold_meeting(setup, move, increased=True, harm=True),
        lambda: hold_meeting(setup, move, actor=manager, increased=True, harm=True),
    )
    assert outcomes.count("decided") == 1, outcomes
    assert next(o for o in outcomes if o != "decided").startswith("The multi-agency meeting was recorded by")
    assert MultiAgencyMeeting.objects.filter(move=move).count() == 1
    assert MastReferral.objects.count() == 1
    assert EarlyInterventionMove.objects.get(pk=move.pk).referral_id == MastReferral.objects.get().pk


def test_two_people_ticking_off_the_same_item_tick_it_once(
    postgres, transactional_db, django_db_serialized_rollback, setup, slow_save
):
    manager = eh_manager(setup)
    move = record(setup, planned=True)
    item = add_item(move)
    add_item(move)

    def tick(actor):
        return lambda: services.plan_item_done(
            actor=actor, item=item, sent_on=timezone.localdate(), method="secure_email"
        )

    outcomes = race(tick(move.lead_professional), tick(manager))
    assert outcomes.count("decided") == 1, outcomes
    assert "ticked off by" in next(o for o in outcomes if o != "decided")
    item.refresh_from_db()
    assert item.is_done
    assert (
        list(item.history.values_list("history_change_reason", flat=True)).count(
            "Sent: ticked off the agreed transfer plan"
        )
        == 1
    )
