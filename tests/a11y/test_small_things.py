"""The small things practitioners hit (issue 15)."""

import re

import pytest
from django.core.exceptions import ValidationError

from portal import rules
from portal.forms import NhsNumberField


@pytest.mark.parametrize("typed", ["943 476 5919x", "943-476-5919", "9434765919a", "NHS 943 476 5919", "943.476.5919"])
def test_an_nhs_number_with_anything_but_digits_and_spaces_is_refused(typed):
    assert not rules.nhs_number_is_valid(typed)
    with pytest.raises(ValidationError):
        NhsNumberField().clean(typed)


@pytest.mark.parametrize("typed", ["943 476 5919", "9434765919", " 943 4765919 "])
def test_an_nhs_number_with_spaces_is_accepted(typed):
    assert rules.nhs_number_is_valid(typed)
    assert NhsNumberField().clean(typed) == "9434765919"


def test_nothing_is_ticked_for_the_referrer_on_a_new_referral():
    from referrals.forms import ReferralConcernForm
    from referrals.models import MastReferral

    assert not ReferralConcernForm.initial_from(MastReferral())["information_categories"]


def test_each_referral_step_goes_back_to_the_step_before(setup):
    from django.test import Client
    from django.urls import reverse

    from tests.referrals.factories import health_child, start

    referral = start(setup.health_visitor, child=health_child(setup))
    client = Client()
    client.force_login(referral.referrer)
    for section, previous in [("concern", "child"), ("family", "concern"), ("consent", "family")]:
        html = client.get(reverse(f"referrals:step_{section}", args=[referral.pk])).content.decode()
        back = reverse(f"referrals:step_{previous}", args=[referral.pk])
        assert re.search(rf'<a[^>]*govuk-back-link[^>]*href="{back}"|<a[^>]*href="{back}"[^>]*govuk-back-link', html)
