"""Escalations: raised once per subject, kind and level; acknowledged and resolved by those who may act."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal import services
from portal.models import Escalation, Notification
from tests.factories import make_child


def test_raising_the_same_escalation_twice_leaves_one_and_tells_once(setup):
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    kwargs = {
        "subject": child,
        "kind": Escalation.Kind.SHARING_ADVICE_REQUESTED,
        "level": 1,
        "organisation": north.org,
        "summary": "Advice needed",
        "assignees": [north.cin_manager],
        "child": child,
    }
    first, created = services.escalation_raise(**kwargs)
    second, created_again = services.escalation_raise(**kwargs)

    assert created and not created_again
    assert first.pk == second.pk
    assert Escalation.objects.count() == 1
    assert Notification.objects.filter(recipient=north.cin_manager).count() == 1
    # A new level is a new escalation.
    _, level_two = services.escalation_raise(**{**kwargs, "level": 2})
    assert level_two and Escalation.objects.count() == 2


def test_escalation_acknowledge_and_resolve_follow_the_workflow(setup):
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    escalation, _ = services.escalation_raise(
        subject=child,
        kind=Escalation.Kind.CONSENT_OVERRIDDEN,
        level=1,
        organisation=north.org,
        summary="Shared without consent",
        assignees=[north.cin_manager],
    )
    with pytest.raises(PermissionDenied):
        services.escalation_acknowledge(actor=north.social_worker, escalation=escalation)

    services.escalation_acknowledge(actor=north.cin_manager, escalation=escalation)
    with pytest.raises(services.InvalidTransition):
        services.escalation_acknowledge(actor=north.cin_manager, escalation=escalation)
    with pytest.raises(ValidationError):
        services.escalation_resolve(actor=north.cin_manager, escalation=escalation, resolution="", rationale="")

    # The organisation's Caldicott Guardian may act on any of its escalations.
    resolved = services.escalation_resolve(
        actor=north.caldicott, escalation=escalation, resolution="Sharing upheld", rationale="Risk of harm"
    )
    assert resolved.status == "resolved"
    assert resolved.resolved_by == north.caldicott
    with pytest.raises(services.InvalidTransition):
        services.escalation_resolve(actor=north.caldicott, escalation=escalation, resolution="x", rationale="y")
    reasons = list(resolved.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons == ["Escalation raised", "Escalation acknowledged", "Escalation resolved"]


def test_an_escalation_is_raised_together_with_telling_its_assignees_or_not_at_all(setup, monkeypatch):
    # Were the escalation to stand without its notifications (a worker stopped between the two), the
    # next sweep would find it raised and tell nobody, ever; and a reader could see it untold.
    from portal.services import escalations

    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    kwargs = {
        "subject": child,
        "kind": Escalation.Kind.SCREENING_OVERDUE,
        "level": 1,
        "organisation": north.org,
        "summary": "Screening overdue",
        "assignees": [north.cin_manager, north.caldicott],
    }
    told = []

    def notify_then_stop(**notification):
        if told:
            raise RuntimeError("worker stopped")
        told.append(notification["recipient"])
        return services.notify(**notification)

    monkeypatch.setattr(escalations, "notify", notify_then_stop)
    with pytest.raises(RuntimeError):
        services.escalation_raise(**kwargs)
    assert not Escalation.objects.exists() and not Notification.objects.exists()

    monkeypatch.undo()
    _, created = services.escalation_raise(**kwargs)
    assert created
    assert {n.recipient for n in Notification.objects.all()} == {north.cin_manager, north.caldicott}
