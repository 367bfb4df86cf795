"""Agreements and their parties: a party that leaves is ended, never deleted."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from sharing import selectors
from sharing.models import AgreementParty
from tests.sharing.factories import agreement_with


def current_parties(agreement) -> set[str]:
    return {
        o.name for o in (link.organisation for link in selectors.agreement_list().get(pk=agreement.pk).current_parties)
    }


def test_a_party_taken_off_an_agreement_is_ended_with_who_and_when_not_deleted(setup):
    agreement = agreement_with(setup, [setup.north.org, setup.health])
    agreement_with(setup, [setup.north.org], agreement=agreement)

    ended = AgreementParty.objects.get(agreement=agreement, organisation=setup.health)
    assert ended.ended_at is not None and ended.ended_by == setup.north.info_lead
    assert ended.history.first().history_change_reason == "Party ended"
    assert current_parties(agreement) == {setup.north.org.name}


def test_a_party_that_rejoins_is_a_new_current_link_beside_the_ended_one(setup):
    agreement = agreement_with(setup, [setup.north.org, setup.health])
    agreement_with(setup, [setup.north.org], agreement=agreement)
    agreement_with(setup, [setup.north.org, setup.health], agreement=agreement)

    links = AgreementParty.objects.filter(agreement=agreement, organisation=setup.health)
    assert links.count() == 2 and links.current().count() == 1
    assert current_parties(agreement) == {setup.north.org.name, setup.health.name}


def test_saving_the_same_parties_again_changes_no_link(setup):
    agreement = agreement_with(setup, [setup.north.org, setup.health])
    agreement_with(setup, [setup.health, setup.north.org], agreement=agreement)
    assert AgreementParty.objects.filter(agreement=agreement).count() == 2
    assert AgreementParty.objects.filter(agreement=agreement, ended_at__isnull=False).count() == 0


def test_only_current_parties_are_unique(setup):
    agreement = agreement_with(setup, [setup.north.org, setup.health])
    agreement_with(setup, [setup.north.org], agreement=agreement)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementParty.objects.create(agreement=agreement, organisation=setup.north.org)


def test_an_agreement_is_in_force_between_its_current_parties_only(setup):
    agreement = agreement_with(setup, [setup.north.org, setup.health])
    on = date(2026, 1, 1)
    assert list(selectors.agreements_in_force(on=on, between=[setup.north.org, setup.health])) == [agreement]
    agreement_with(setup, [setup.north.org], agreement=agreement)
    assert list(selectors.agreements_in_force(on=on, between=[setup.north.org, setup.health])) == []
    assert list(selectors.agreements_in_force(on=on, between=[setup.north.org])) == [agreement]
