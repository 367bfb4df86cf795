"""Consent under lock: a sharing decision that relies on consent completes only while that consent
is given, and withdrawing it (which takes the same row lock) leaves no access behind, even when the
two happen at the same moment (PostgreSQL: real row locks)."""

import pytest

from portal.models import ChildAccessGrant, Notification
from portal.services import InvalidTransition
from sharing import services
from sharing.models import ConsentRecord, SharingDecision
from tests.factories import make_child
from tests.helpers import race
from tests.sharing.factories import basis, give_consent, sees_shared, shared_details, sharing_request


def _pending_with_consent(setup, child) -> tuple[ConsentRecord, SharingDecision]:
    """Consent given to the health organisation, and a decision that relies on it, not completed."""
    worker = setup.north.social_worker
    consent = give_consent(actor=worker, child=child, recipients=[setup.health])
    decision = services.sharing_decision_start(
        actor=worker, child=child, request=sharing_request(setup.health, setup.health_visitor)
    )
    services.sharing_decision_answer(actor=worker, decision=decision, question="purpose", answer="yes")
    decision = services.sharing_decision_answer(
        actor=worker, decision=decision, question="consent", answer="yes", consent=consent
    )
    assert decision.outcome == SharingDecision.Outcome.SHARE
    return consent, decision


def _complete(setup, decision):
    return services.sharing_decision_complete(
        actor=setup.north.social_worker,
        decision=decision,
        reasons="Mother agreed.",
        shared=shared_details(article_6_basis=basis("6(1)(a)")),
    )


def _withdraw(setup, consent):
    return services.consent_withdraw(actor=setup.north.social_worker, consent=consent, method="verbal_phone", note="")


def _open_consent_grants():
    return ChildAccessGrant.objects.filter(basis=ChildAccessGrant.Basis.CONSENT, revoked_at__isnull=True)


def test_withdrawal_reopens_a_decision_relying_on_it_so_it_cannot_complete_with_consent(setup):
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    consent, decision = _pending_with_consent(setup, child)

    _withdraw(setup, consent)

    decision.refresh_from_db()
    assert decision.consent_record is None and decision.consent_answer == "" and decision.outcome == ""
    assert decision.history.first().history_change_reason.startswith("Consent withdrawn")
    with pytest.raises(InvalidTransition):
        _complete(setup, decision)
    decision.refresh_from_db()
    assert decision.status != SharingDecision.Status.COMPLETED
    assert not sees_shared(setup.health_visitor, child)
    assert not _open_consent_grants().exists()
    assert not Notification.objects.filter(
        recipient=setup.health_visitor, subject__icontains="shared with you"
    ).exists()


def test_a_decision_answered_on_consent_already_withdrawn_is_refused_on_completion(setup):
    """The re-check under lock: whatever the answer recorded, completion asks the consent again."""
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    worker = setup.north.social_worker
    consent = give_consent(actor=worker, child=child, recipients=[setup.health])
    _withdraw(setup, consent)
    decision = services.sharing_decision_start(
        actor=worker, child=child, request=sharing_request(setup.health, setup.health_visitor)
    )
    services.sharing_decision_answer(actor=worker, decision=decision, question="purpose", answer="yes")
    decision = services.sharing_decision_answer(
        actor=worker, decision=decision, question="consent", answer="yes", consent=consent
    )

    with pytest.raises(InvalidTransition, match="withdrawn"):
        _complete(setup, decision)
    assert not sees_shared(setup.health_visitor, child)
    assert not _open_consent_grants().exists()


def test_completing_before_the_withdrawal_gives_access_the_withdrawal_then_takes_away(setup):
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    consent, decision = _pending_with_consent(setup, child)
    _complete(setup, decision)
    assert sees_shared(setup.health_visitor, child)

    _withdraw(setup, consent)

    assert not sees_shared(setup.health_visitor, child)
    assert not _open_consent_grants().exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_races_of_completion_and_withdrawal_leave_no_access_on_withdrawn_consent(postgres, setup):
    pairs = [
        _pending_with_consent(setup, make_child(worker=setup.north.social_worker, team=setup.north.cin))
        for _ in range(20)
    ]
    for consent, decision in pairs:
        race(lambda decision=decision: _complete(setup, decision), lambda consent=consent: _withdraw(setup, consent))

    assert ConsentRecord.objects.filter(status=ConsentRecord.Status.WITHDRAWN).count() == 20
    assert not _open_consent_grants().exists()
    for _, decision in pairs:
        decision.refresh_from_db()
        assert not sees_shared(setup.health_visitor, decision.child)
        if decision.status != SharingDecision.Status.COMPLETED:
            assert decision.consent_record_id is None and decision.consent_answer == ""
