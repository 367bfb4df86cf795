"""Issue 13, §6.2: consent withdrawn after an agreed transfer plan re-routes the move to the
no-consent branch (each universal agency forwards its own records), recorded on its history, with
nothing about the plan left overdue; the move is not stuck."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from early_intervention import services
from early_intervention.models import EarlyInterventionMove
from portal.models import Escalation
from sharing import services as sharing
from tests.early_intervention.factories import add_item, eh_manager, record

State = EarlyInterventionMove.State


def test_consent_withdrawn_after_the_agreed_plan_takes_the_no_consent_branch(setup):
    eh_manager(setup)
    worker = setup.north.early_help_worker
    move = record(setup, planned=True)
    assert move.state == State.AGREED_PLAN
    item = add_item(move, due_on=timezone.localdate() - timedelta(days=2))
    services.move_escalate_overdue(today=timezone.localdate())
    assert Escalation.objects.filter(
        subject_type=ContentType.objects.get_for_model(item), subject_id=item.pk, status="open"
    ).exists()

    sharing.consent_withdraw(actor=worker, consent=move.consent_record, method="phone", note="Mother changed her mind")

    move.refresh_from_db()
    assert move.state == State.PLAN_UPDATED_CHECKLIST
    assert move.checklist.count() == move.agencies.count() > 0
    assert "Consent withdrawn" in move.history.latest().history_change_reason
    assert not Escalation.objects.filter(
        subject_type=ContentType.objects.get_for_model(item), subject_id=item.pk, status="open"
    ).exists()
    # The move goes on: what remains is the agencies' checklist, not the plan.
    assert move.outstanding_steps()
