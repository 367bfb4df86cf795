"""The transactional outbox: a change and the notifications it causes commit together or not at all.

A worker killed (or a database connection dropped) between any two writes must never leave a change
that stands with its people untold: sweeps raise an escalation once and tell nobody a second time.
These tests fail the Nth write of a service, for every N until it succeeds, on real transactions,
and check after each attempt that either nothing stands or everything does."""

import pytest
from django.db import OperationalError, connection

from portal import services as core
from portal.models import Escalation, EscalationAssignment, Notification
from tests.factories import make_child
from tests.transfers.factories import referred_transfer
from transfers import selectors
from transfers import services as transfers
from transfers.models import CinTransfer

WRITES = ("INSERT", "UPDATE", "DELETE")


class InjectedFault(OperationalError):
    """The database went away in the middle of a transaction."""


class FailAtWrite:
    """Fail the `at`th write statement of the service's transaction (1-based); None fails none.
    Counts the writes seen. (What runs after commit, queueing the emails, is not the transaction.)"""

    def __init__(self, at: int | None) -> None:
        self.at, self.writes = at, 0

    def __call__(self, execute, sql, params, many, context):
        if connection.in_atomic_block and sql.lstrip().upper().startswith(WRITES):
            self.writes += 1
            if self.writes == self.at:
                raise InjectedFault("injected: connection lost")
        return execute(sql, params, many, context)


def fail_at_every_write(action, invariant) -> int:
    """Run `action` failing at write 1, 2, … until it succeeds, checking `invariant()` after each
    attempt. Returns how many writes the successful run made."""
    at = 1
    while True:
        fault = FailAtWrite(at)
        try:
            with connection.execute_wrapper(fault):
                action()
        except InjectedFault:
            invariant(done=False)
            at += 1
            continue
        invariant(done=True)
        return fault.writes


pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _no_email(monkeypatch):
    """Only the transaction is under test: the emails queued after commit are left on the outbox."""
    from portal.services import notifications

    monkeypatch.setattr(notifications, "notification_email_queue", lambda **kwargs: True)
    monkeypatch.setattr(notifications, "notification_emails_queue", lambda **kwargs: 0)


def test_an_escalation_stands_only_with_every_assignee_told(setup):
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    assignees = [north.cin_manager, north.caldicott, north.info_lead]

    def raise_it():
        core.escalation_raise(
            subject=child,
            kind=Escalation.Kind.SHARING_ADVICE_REQUESTED,
            level=1,
            organisation=north.org,
            summary="Advice needed",
            assignees=assignees,
            child=child,
        )

    def invariant(*, done):
        escalations = list(Escalation.objects.all())
        if not escalations:
            assert not done, "the escalation was never raised"
            assert not Notification.objects.exists() and not EscalationAssignment.objects.exists()
            return
        (escalation,) = escalations
        told = set(
            Notification.objects.filter(event_key=f"escalation:{escalation.pk}:raised").values_list(
                "recipient_id", flat=True
            )
        )
        assigned = set(escalation.assignments.values_list("user_id", flat=True))
        assert assigned == told == {user.pk for user in assignees}

    writes = fail_at_every_write(raise_it, invariant)
    assert writes > len(assignees) * 2  # the escalation, its assignments, the notifications (and history)
    # Raising it again (the next sweep) tells nobody twice.
    raise_it()
    assert Notification.objects.count() == len(assignees)


@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_a_transfer_decision_stands_only_with_the_sending_side_told(setup, decision):
    transfer = referred_transfer(setup)
    south = setup.south
    Notification.objects.all().delete()  # what referring it told, so only the decision's count

    def decide():
        if decision == "accept":
            transfers.transfer_accept(actor=south.cin_manager, transfer=transfer, team=south.cin, level_of_need=3)
        else:
            transfers.transfer_decline(actor=south.cin_manager, transfer=transfer, reason="Not our area")

    def invariant(*, done):
        state = CinTransfer.objects.get(pk=transfer.pk).state
        told = Notification.objects.filter(event_key__startswith=f"cin-transfer:{transfer.pk}:{decision}")
        if state == CinTransfer.State.REFERRED:
            assert not done
            assert not told.exists()
            return
        decided = {
            "accept": {CinTransfer.State.ACCEPTED},
            "decline": {CinTransfer.State.DECLINED, CinTransfer.State.DISPUTED},
        }
        assert state in decided[decision]
        expected = {user.pk for user in selectors.sending_side_recipients(transfer=transfer)}
        assert expected and set(told.values_list("recipient_id", flat=True)) == expected

    fail_at_every_write(decide, invariant)
