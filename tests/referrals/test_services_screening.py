"""Services: screening, checks and the outcome, and passing a referral on (`referrals/services/screening.py`)."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from portal.access import has_object_permission
from portal.models import Notification
from portal.selectors import child_list_for_user
from portal.services import InvalidTransition
from referrals import policies, services
from referrals.models import Outcome
from tests.referrals import factories
from tests.referrals.factories import health_child, sent


def test_screening_a_referral_and_telling_the_referrer_the_outcome(setup, django_capture_on_commit_callbacks):
    referral = sent(setup)
    screener = setup.north.screener
    with pytest.raises(InvalidTransition):
        services.screening_outcome_record(actor=screener, referral=referral, outcome="early_help", reasons="x")
    services.screening_start(actor=screener, referral=referral)
    with pytest.raises(InvalidTransition):
        services.screening_start(actor=setup.north.mast_manager, referral=referral)
    check = services.screening_check_record(
        actor=screener,
        referral=referral,
        details=services.CheckDetails(agency="GP surgery", checked_on=date.today(), information="Not seen since May."),
    )
    assert check.screening.authority == setup.north.org
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.screening_outcome_record(
            actor=screener,
            referral=referral,
            outcome=Outcome.STRATEGY_DISCUSSION,
            reasons="Reasonable cause to suspect significant harm.",
        )
    referral.refresh_from_db()
    assert referral.status == "outcome_recorded" and referral.outcome == Outcome.STRATEGY_DISCUSSION
    screening = referral.screenings.get()
    assert screening.decided_by == screener and screening.started_by == screener
    notification = Notification.objects.get(recipient=setup.health_visitor, subject__startswith="Outcome")
    assert notification.subject == f"Outcome of your MAST referral {referral.reference}: Strategy discussion (s47)"
    assert notification.link == referral.get_absolute_url()
    # The referrer is told the outcome; the CIN manager, that the child is theirs to allocate.
    told = {m.to[0]: m.subject for m in mail.outbox}
    assert set(told) == {setup.health_visitor.email, setup.north.cin_manager.email}
    assert "Strategy discussion" in told[setup.health_visitor.email]
    with pytest.raises(InvalidTransition):
        services.screening_outcome_record(actor=screener, referral=referral, outcome="early_help", reasons="x")


@pytest.mark.parametrize("who", ["health_visitor", "north.cin_manager", "north.social_worker", "south.screener"])
def test_only_mast_of_the_authority_screens(setup, who):
    referral = sent(setup)
    user = setup.health_visitor if who == "health_visitor" else getattr(getattr(setup, who.split(".")[0]), who[6:])
    with pytest.raises(PermissionDenied):
        services.screening_start(actor=user, referral=referral)


def test_an_outcome_needs_reasons(setup):
    referral = sent(setup)
    services.screening_start(actor=setup.north.screener, referral=referral)
    with pytest.raises(ValidationError) as error:
        services.screening_outcome_record(actor=setup.north.screener, referral=referral, outcome="nope", reasons=" ")
    assert set(error.value.message_dict) == {"outcome", "reasons"}
    with pytest.raises(ValidationError) as error:
        services.screening_outcome_record(
            actor=setup.north.screener, referral=referral, outcome=Outcome.PASSED_TO_ANOTHER_AUTHORITY, reasons="Moved"
        )
    assert "passed_to" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.screening_outcome_record(
            actor=setup.north.screener,
            referral=referral,
            outcome=Outcome.PASSED_TO_ANOTHER_AUTHORITY,
            reasons="Moved",
            passed_to=setup.north.org,
        )


def test_passing_to_another_authority_opens_it_to_that_mast_and_nobody_else_there(setup):
    child = health_child(setup)
    referral = sent(setup, child=child)
    factories.screened(setup, referral, outcome=Outcome.PASSED_TO_ANOTHER_AUTHORITY, passed_to=setup.south.org)
    referral.refresh_from_db()
    assert referral.status == "submitted" and referral.authority == setup.south.org
    assert policies.can_screen(setup.south.screener, referral)
    assert not policies.can_screen(setup.north.screener, referral)
    assert has_object_permission(setup.north.screener, "view_mastreferral", referral)  # keeps what it screened
    for user in (setup.south.social_worker, setup.south.cin_manager, setup.south.caldicott):
        assert not has_object_permission(user, "view_mastreferral", referral)
        assert child not in child_list_for_user(user=user)
    assert Notification.objects.get(recipient=setup.health_visitor).subject.endswith("passed to South Council")
    assert Notification.objects.filter(recipient=setup.south.screener, subject__startswith="New MAST").exists()

    factories.screened(setup, referral, outcome=Outcome.CIN_ASSESSMENT, screener=setup.south.screener)
    referral.refresh_from_db()
    assert referral.status == "outcome_recorded" and referral.outcome == Outcome.CIN_ASSESSMENT
    assert [s.outcome for s in referral.screenings.order_by("pk")] == ["passed_to_another_authority", "cin_assessment"]
    assert Notification.objects.filter(recipient=setup.health_visitor).count() == 2
