"""Services: alerts to MAST, raised, acknowledged, linked and closed (`referrals/services/alerts.py`)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.models import Notification
from portal.services import InvalidTransition
from referrals import policies, services
from referrals.models import MastAlert
from tests.factories import make_child
from tests.referrals import factories
from tests.referrals.factories import health_child, sent


def test_another_agency_alerts_mast_that_a_child_in_need_has_moved_in(setup):
    alert = factories.alert(setup)
    assert alert.status == "new" and alert.raised_by_organisation == setup.health
    assert policies.can_act_on_alert(setup.north.screener, alert)
    assert not policies.can_act_on_alert(setup.south.screener, alert)
    assert not policies.can_act_on_alert(setup.health_visitor, alert)
    assert Notification.objects.filter(recipient=setup.north.screener, subject__startswith="New alert").exists()


def test_social_care_alerts_on_unknown_whereabouts_with_a_risk_assessment(setup):
    child = make_child(worker=setup.south.social_worker, team=setup.south.cin)
    with pytest.raises(ValidationError) as error:
        factories.alert(setup, actor=setup.south.social_worker, kind=MastAlert.Kind.WHEREABOUTS_UNKNOWN, child=child)
    assert "risk_assessment" in error.value.message_dict
    alert = factories.alert(
        setup,
        actor=setup.south.social_worker,
        kind=MastAlert.Kind.WHEREABOUTS_UNKNOWN,
        child=child,
        risk_assessment="Neglect plan; family left overnight.",
    )
    assert alert.child == child


def test_who_raises_which_alert(setup):
    with pytest.raises(ValidationError) as error:
        factories.alert(setup, actor=setup.south.social_worker)
    assert "transfer" in error.value.message_dict["kind"][0]
    with pytest.raises(ValidationError) as error:
        factories.alert(setup, kind=MastAlert.Kind.WHEREABOUTS_UNKNOWN, risk_assessment="x")
    assert "make a referral" in error.value.message_dict["kind"][0]
    with pytest.raises(ValidationError) as error:
        factories.alert(setup, child_first_name="", what_is_known="")
    assert set(error.value.message_dict) == {"child_first_name", "what_is_known"}
    with pytest.raises(PermissionDenied):
        factories.alert(setup, actor=setup.north.caldicott)


def test_mast_acknowledges_links_and_closes_an_alert(setup):
    alert = factories.alert(setup)
    screener = setup.north.screener
    child = health_child(setup)
    referral = sent(setup, child=child)  # north MAST now sees the child and the referral

    with pytest.raises(PermissionDenied):
        services.alert_acknowledge(actor=setup.health_visitor, alert=alert)
    services.alert_acknowledge(actor=screener, alert=alert)
    services.alert_link_child(actor=screener, alert=alert, child=child)
    services.alert_link_referral(actor=screener, alert=alert, referral=referral)
    services.alert_link_transfer(actor=screener, alert=alert, transfer=setup.north.cin)  # any model, generically
    alert.refresh_from_db()
    assert (alert.status, alert.child, alert.referral, alert.transfer) == (
        "acknowledged",
        child,
        referral,
        setup.north.cin,
    )

    hidden = make_child(worker=setup.south.social_worker, team=setup.south.cin)
    with pytest.raises(PermissionDenied):
        services.alert_link_child(actor=screener, alert=alert, child=hidden)
    with pytest.raises(ValidationError):
        services.alert_close(actor=screener, alert=alert, action_taken=" ")
    services.alert_close(actor=screener, alert=alert, action_taken="Asked Westshire for the CIN plan.")
    with pytest.raises(InvalidTransition):
        services.alert_link_child(actor=screener, alert=alert, child=child)
    alert.refresh_from_db()
    assert alert.is_closed and alert.closed_by == screener
    assert [h.history_change_reason for h in alert.history.order_by("history_date")][-1] == "Alert closed"
