"""A referrer is warned, before sending, that the child already has open referrals to MAST (issue 15)."""

from django.urls import reverse

from referrals.models import MastReferral, Outcome
from tests.helpers import client_for
from tests.referrals.factories import fill, health_child, screened, sent, start


def test_the_check_page_warns_of_the_childs_open_referrals(setup):
    child = health_child(setup)
    earlier = sent(setup, child=child)
    draft = fill(start(setup.health_visitor, child), setup.health_visitor)
    page = client_for(setup.health_visitor).get(reverse("referrals:check", args=[draft.pk])).content.decode()
    assert 'data-testid="open-referrals"' in page
    assert "This child already has 1 open referral to MAST" in page
    assert earlier.reference in page and reverse("referrals:detail", args=[earlier.pk]) in page


def test_no_warning_once_the_other_referral_has_its_outcome(setup):
    child = health_child(setup)
    earlier = sent(setup, child=child)
    screened(setup, earlier, outcome=Outcome.NO_FURTHER_ACTION)
    assert MastReferral.objects.get(pk=earlier.pk).status == MastReferral.Status.OUTCOME_RECORDED
    draft = fill(start(setup.health_visitor, child), setup.health_visitor)
    page = client_for(setup.health_visitor).get(reverse("referrals:check", args=[draft.pk])).content.decode()
    assert 'data-testid="open-referrals"' not in page
