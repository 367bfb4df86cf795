from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from intelligence import selectors, services
from intelligence.models import IntelligenceItem, ItemChild, Place, Vehicle
from portal import selectors as core_selectors
from portal.models import ChildAccessGrant, Notification
from tests.factories import make_child
from tests.intelligence.factories import assessed, ce_team, details, draft, submitted

Item = IntelligenceItem
pytestmark = pytest.mark.django_db


def test_a_draft_can_be_saved_incomplete_and_resumed_by_its_submitter_only(setup):
    hv = setup.health_visitor
    item = services.intelligence_draft_save(actor=hv, details=services.ItemDetails(seen_or_heard="Heard a rumour"))
    assert item.state == Item.State.DRAFT and item.authority == setup.north.org
    item = services.intelligence_draft_save(actor=hv, item=item, details=details())
    assert item.kind == Item.Kind.COUNTY_LINES
    with pytest.raises(PermissionDenied):
        services.intelligence_draft_save(actor=setup.north.social_worker, item=item, details=details())


def test_submitting_an_incomplete_draft_names_what_is_missing(setup):
    item = services.intelligence_draft_save(actor=setup.health_visitor, details=services.ItemDetails(kind="online"))
    with pytest.raises(ValidationError) as error:
        services.intelligence_submit(actor=setup.health_visitor, item=item)
    assert {"seen_or_heard", "happened_on", "postcode_district", "source_evaluation", "handling"} <= set(
        error.value.error_dict
    )
    item.refresh_from_db()
    assert item.state == Item.State.DRAFT


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("postcode_district", "LS11 5AB"),  # a full postcode
        ("postcode_district", "not a district"),
        ("place_description", "Outside 12 Acacia Avenue"),
        ("place_description", "The flat at LS11 5AB"),
        ("happened_on", timezone.localdate() + timedelta(days=1)),
    ],
)
def test_a_precise_address_or_bad_district_is_never_stored_even_in_a_draft(setup, field, value):
    with pytest.raises(ValidationError) as error:
        draft(setup.health_visitor, **{field: value})
    assert field in error.value.error_dict
    assert not Item.objects.exists()


def test_handling_with_conditions_needs_the_conditions(setup):
    item = draft(setup.health_visitor, handling="C")
    with pytest.raises(ValidationError) as error:
        services.intelligence_submit(actor=setup.health_visitor, item=item)
    assert "handling_conditions" in error.value.error_dict


def test_the_district_is_normalised(setup):
    assert draft(setup.health_visitor, postcode_district=" ls11 ").postcode_district == "LS11"


def test_a_role_without_the_permission_cannot_submit(setup):
    with pytest.raises(PermissionDenied):
        draft(setup.north.caldicott)


def test_finding_the_child_links_without_granting_the_submitter_access(setup):
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Zed", last_name="Example")
    item = draft(setup.health_visitor)
    grants_before = ChildAccessGrant.objects.count()
    link = services.intelligence_child_find(
        actor=setup.health_visitor, item=item, first_name="zed", last_name="EXAMPLE", date_of_birth=child.date_of_birth
    )
    assert link is not None and link.child == child
    assert ChildAccessGrant.objects.count() == grants_before
    assert not core_selectors.child_list_for_user(user=setup.health_visitor).filter(pk=child.pk).exists()
    # Partial details find nothing: the search cannot be used to browse records.
    assert (
        services.intelligence_child_find(
            actor=setup.health_visitor, item=item, first_name="Zed", last_name="Ex", date_of_birth=child.date_of_birth
        )
        is None
    )


def test_submitting_tells_the_allocated_team_that_intelligence_is_held_not_what_it_says(setup):
    ce = ce_team(setup)
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    item = submitted(setup.health_visitor, child=child, seen_or_heard="SECRET-DETAIL about the car park")
    assert item.state == Item.State.NEW
    assert item.assess_due_on > timezone.localdate(item.submitted_at)
    told = Notification.objects.get(recipient=setup.north.social_worker)
    assert "Exploitation intelligence is held" in told.subject
    assert "SECRET-DETAIL" not in told.subject + told.body and "car park" not in told.body
    assert Notification.objects.filter(recipient=setup.north.cin_manager).exists()
    assert Notification.objects.filter(recipient=ce.worker, subject__contains=item.reference).exists()


def test_assessing_then_linking_places_and_vehicles_counts_the_same_place_once(setup):
    ce = ce_team(setup)
    first = assessed(setup, setup.health_visitor)
    second = assessed(setup, setup.north.social_worker)
    assert first.state == Item.State.ASSESSED
    services.intelligence_link_place(
        actor=ce.worker, item=first, description="The car park behind the Kwik Shop", postcode_district="ls11"
    )
    link = services.intelligence_link_place(
        actor=ce.worker, item=second, description="the Car Park, behind the Kwik Shop!", postcode_district="LS11"
    )
    assert Place.objects.count() == 1 and link.place.item_links.count() == 2
    services.intelligence_link_vehicle(actor=ce.worker, item=first, registration="ab12 cde")
    services.intelligence_link_vehicle(actor=ce.worker, item=second, registration="AB12CDE")
    assert Vehicle.objects.get().registration == "AB12CDE"
    second.refresh_from_db()
    assert second.state == Item.State.LINKED


def test_only_the_receiving_team_triages(setup):
    item = submitted(setup.health_visitor)
    for outsider in [setup.health_visitor, setup.north.cin_manager]:
        with pytest.raises(PermissionDenied):
            services.intelligence_assess(actor=outsider, item=item, notes="Trying to assess it")
    with pytest.raises(PermissionDenied):
        services.intelligence_assess(actor=ce_team(setup, "south").worker, item=item, notes="Another authority")


def test_linking_needs_an_assessment_first_and_closing_needs_reasons(setup):
    ce = ce_team(setup)
    item = submitted(setup.health_visitor)
    with pytest.raises(ValidationError):
        services.intelligence_link_vehicle(actor=ce.worker, item=item, registration="AB12CDE")
    services.intelligence_assess(actor=ce.worker, item=item, notes="Adds to the picture.")
    with pytest.raises(ValidationError) as error:
        services.intelligence_close(actor=ce.worker, item=item, outcome=Item.State.NO_FURTHER_ACTION, reasons="")
    assert "reasons" in error.value.error_dict
    closed = services.intelligence_close(
        actor=ce.worker,
        item=item,
        outcome=Item.State.SHARED_WITH_POLICE,
        reasons="The police's exploitation team needs this.",
        police_reference="NP-1",
    )
    assert closed.state == Item.State.SHARED_WITH_POLICE and closed.police_reference == "NP-1"
    with pytest.raises(TransitionNotAllowed):
        services.intelligence_close(
            actor=ce.worker, item=item, outcome=Item.State.NO_FURTHER_ACTION, reasons="Changed our minds."
        )


def test_the_team_links_a_child_and_the_child_team_is_told(setup):
    ce = ce_team(setup)
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    item = assessed(setup, setup.health_visitor)
    services.intelligence_child_find(actor=ce.worker, item=item, nhs_number=child.nhs_number)
    assert ItemChild.objects.filter(item=item, child=child).exists()
    item.refresh_from_db()
    assert item.state == Item.State.LINKED
    assert Notification.objects.filter(
        recipient=setup.north.social_worker, event_key__startswith="intelligence-held"
    ).exists()


def test_visibility_submitter_and_receiving_team_only(setup):
    ce = ce_team(setup)
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    theirs = submitted(setup.health_visitor, child=child)
    mine_draft = draft(setup.north.social_worker)
    assert set(selectors.item_list_for_user(user=setup.health_visitor)) == {theirs}
    assert set(selectors.item_list_for_user(user=ce.worker)) == {theirs}  # not the social worker's draft
    assert set(selectors.item_list_for_user(user=setup.north.social_worker)) == {mine_draft}
    for outsider in [
        setup.north.cin_manager,
        setup.north.caldicott,
        setup.south.screener,
        ce_team(setup, "south").manager,
    ]:
        assert not selectors.item_list_for_user(user=outsider).exists()


def test_a_linked_child_carries_the_nhs_number_or_why_it_is_left_out(setup):
    """s16LC: intelligence about a child carries the consistent identifier. The submitter cannot open
    the record, so the portal supplies the number it holds, and records why when it holds none."""
    from sharing.choices import IdentifierOmitted

    known = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Known", last_name="Number")
    unknown = make_child(
        worker=setup.north.social_worker, team=setup.north.cin, first_name="No", last_name="Number", nhs_number=""
    )
    item = draft(setup.health_visitor)
    carried = services.intelligence_child_find(
        actor=setup.health_visitor, item=item, first_name="Known", last_name="Number", date_of_birth=known.date_of_birth
    )
    assert carried.identifier_nhs_number == known.nhs_number and carried.identifier_omitted_reason == ""
    left_out = services.intelligence_child_find(
        actor=setup.health_visitor, item=item, first_name="No", last_name="Number", date_of_birth=unknown.date_of_birth
    )
    assert left_out.identifier_nhs_number == ""
    assert left_out.identifier_omitted_reason == IdentifierOmitted.UNKNOWN_UNREASONABLE_DELAY
    assert "holds no NHS number" in left_out.identifier_omitted_explanation
    # Stored, not worked out on reading: the link keeps what it carried when it was made.
    known.nhs_number = ""
    known.save()
    carried.refresh_from_db()
    assert carried.identifier_nhs_number != ""
