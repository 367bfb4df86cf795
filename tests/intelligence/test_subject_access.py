"""Intelligence in a child's subject access bundle (issue 17): each item about the child is there,
flagged for the officer's review under the crime and taxation exemption (DPA 2018 Sch 2 para 2) and
withheld until the officer releases it; the submitter and the other people it names are third parties,
whose names never reach a released PDF unless the officer releases them."""

import pytest

from intelligence import services as intel
from subject_rights import services
from subject_rights.models import Exemption
from tests.intelligence.factories import ce_team, submitted
from tests.subject_rights.factories import family, open_request, pdf_text

pytestmark = pytest.mark.django_db
FACT = "Collected from the car park by Tiny Marston in a black car"


def _world(setup):
    fam = family(setup)
    ce = ce_team(setup)
    item = submitted(setup.health_visitor, child=fam.child, seen_or_heard=FACT)
    intel.intelligence_assess(actor=ce.worker, item=item, notes="Consistent with other reports.")
    intel.intelligence_link_person(actor=ce.worker, item=item, kind="adult", name="Tiny Marston")
    sar = open_request(setup, fam.child)
    return fam, item, sar


def _intelligence(items):
    return [i for i in items if i.item.key.startswith("intelligence.item:")]


def test_the_item_is_in_the_childs_bundle_flagged_and_withheld_until_reviewed(setup):
    fam, item, sar = _world(setup)
    [found] = _intelligence(services.requests.released_items(request=sar, viewer=setup.north.info_lead))
    assert found.item.withhold_until_reviewed == "crime-and-taxation"
    assert str(Exemption.objects.get(code="crime-and-taxation")) in found.withheld_because
    assert found.lines == ()
    keys = {p.key for p in found.item.third_parties}
    assert f"user:{setup.health_visitor.pk}" in keys
    assert any(key.startswith("intelligence.individual:") for key in keys)


def test_unreviewed_the_released_pdf_holds_none_of_it(setup):
    fam, item, sar = _world(setup)
    release = services.subject_access_release(actor=setup.north.info_lead, request=sar)
    text = pdf_text(bytes(release.pdf))
    assert "Crime" in text  # the exemption it is withheld under
    assert "car park" not in text and "Tiny Marston" not in text
    assert setup.health_visitor.get_full_name() not in text
    assert release.items_withheld >= 1


def test_released_after_review_the_child_reads_it_but_not_the_third_parties(setup):
    fam, item, sar = _world(setup)
    services.subject_access_item_release(
        actor=setup.north.info_lead, request=sar, item_key=f"intelligence.item:{item.pk}"
    )
    [found] = _intelligence(services.requests.released_items(request=sar, viewer=setup.north.info_lead))
    assert not found.withheld_because
    release = services.subject_access_release(actor=setup.north.info_lead, request=sar)
    text = pdf_text(bytes(release.pdf))
    assert "car park" in text and item.reference in text
    assert "Tiny Marston" not in text and setup.health_visitor.get_full_name() not in text
    assert "[redacted]" in text


def test_a_third_party_the_officer_releases_is_named(setup):
    fam, item, sar = _world(setup)
    officer = setup.north.info_lead
    services.subject_access_item_release(actor=officer, request=sar, item_key=f"intelligence.item:{item.pk}")
    [found] = _intelligence(services.requests.released_items(request=sar, viewer=officer))
    person = next(p for p in found.item.third_parties if p.key.startswith("intelligence.individual:"))
    services.subject_access_party_decide(
        actor=officer, request=sar, party_key=person.key, action="release", exemption=None, reason="Already known"
    )
    text = pdf_text(bytes(services.subject_access_release(actor=officer, request=sar).pdf))
    assert "Tiny Marston" in text and setup.health_visitor.get_full_name() not in text


def test_a_parent_has_no_intelligence_in_their_bundle(setup):
    fam, item, sar = _world(setup)
    parent = open_request(setup, fam.parent)
    assert _intelligence(services.requests.released_items(request=parent, viewer=setup.north.info_lead)) == []


def test_the_bundle_costs_the_same_with_10_and_500_items_about_the_child(setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from intelligence import scale

    fam = family(setup)
    ce = ce_team(setup)
    sar = open_request(setup, fam.child)
    places = scale.scale_places(authority=setup.north.org)

    def add(start: int, count: int) -> None:
        scale.bulk_items(
            authority=setup.north.org,
            submitter=setup.health_visitor,
            linker=ce.worker,
            indices=range(start, start + count),
            places=places,
            child_ids=[fam.child.pk],
        )

    def measure() -> int:
        with CaptureQueriesContext(connection) as captured:
            services.requests.released_items(request=sar, viewer=setup.north.info_lead)
        return len(captured)

    add(0, 10)
    with_10 = measure()
    add(10, 490)
    assert measure() == with_10
    assert len(_intelligence(services.requests.released_items(request=sar, viewer=setup.north.info_lead))) == 500
