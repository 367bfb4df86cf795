"""Issue 13: the services refuse what the forms refuse, in GOV.UK words, so no caller can store an
invalid NHS number (or have one silently blanked), an implausible date of birth, an exemption outside
the six, privacy information "provided" before the details were obtained, or a plan item already due."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal import services
from portal.models import Child
from tests.factories import make_child


def _errors(error: ValidationError) -> dict:
    return {key: value[0] for key, value in error.message_dict.items()}


@pytest.mark.parametrize("nhs_number", ["abcdefghij", "1234567890", "943 476 5918"])
def test_an_invalid_nhs_number_is_refused_not_stored_or_blanked(setup, nhs_number):
    with pytest.raises(ValidationError) as refused:
        make_child(worker=setup.north.social_worker, team=setup.north.cin, nhs_number=nhs_number)
    assert _errors(refused.value) == {"nhs_number": "Enter a valid NHS number: 10 digits with a correct check digit"}
    assert not Child.objects.exists()


def test_a_duplicate_nhs_number_is_refused(setup):
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    with pytest.raises(ValidationError) as refused:
        make_child(worker=setup.north.social_worker, team=setup.north.cin, nhs_number=child.nhs_number)
    assert "nhs_number" in refused.value.message_dict


@pytest.mark.parametrize(
    ("born", "unborn", "message"),
    [
        (date(1, 1, 1), False, "Date of birth must be after 1899"),
        (timezone.localdate() + timedelta(days=1), False, "Date of birth must be today or in the past"),
        (timezone.localdate() - timedelta(days=1), True, "The expected date of birth must be today or in the future"),
        (
            timezone.localdate() + timedelta(days=320),
            True,
            "The expected date of birth must be within the next 10 months",
        ),
    ],
)
def test_implausible_dates_of_birth_are_refused(setup, born, unborn, message):
    with pytest.raises(ValidationError) as refused:
        make_child(
            worker=setup.north.social_worker, team=setup.north.cin, date_of_birth=born, is_unborn=unborn, nhs_number=""
        )
    assert _errors(refused.value) == {"date_of_birth": message}


def test_an_unchanged_old_date_does_not_stop_other_changes(setup):
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    Child.objects.filter(pk=child.pk).update(date_of_birth=date(1890, 1, 1))
    child.refresh_from_db()
    details = services.ChildDetails(
        first_name=child.first_name,
        last_name="Renamed",
        local_authority=child.local_authority,
        date_of_birth=child.date_of_birth,
        nhs_number=child.nhs_number,
    )
    assert services.child_update(actor=setup.north.social_worker, child=child, details=details).last_name == "Renamed"


def test_privacy_information_cannot_be_provided_before_the_details_were_obtained_nor_exempt_outside_the_six(setup):
    from sharing import services as sharing
    from tests.sharing.factories import add_significant_other

    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    obtained = timezone.localdate() - timedelta(days=5)
    add_significant_other(setup, child, obtained_on=obtained)
    notice = child.privacy_notices.get()
    with pytest.raises(ValidationError) as refused:
        sharing.privacy_notice_mark_provided(
            actor=setup.north.social_worker, notice=notice, how="copy_given", provided_on=obtained - timedelta(days=1)
        )
    assert "provided_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        sharing.privacy_notice_mark_provided(
            actor=setup.north.social_worker, notice=notice, how="carrier pigeon", provided_on=obtained
        )
    assert "provided_how" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        sharing.privacy_notice_mark_exempt(
            actor=setup.north.social_worker, notice=notice, exemption="made_up", justification="Because"
        )
    assert _errors(refused.value) == {"exemption": "Choose the exemption that applies"}


def test_a_plan_item_cannot_be_due_in_the_past_when_it_is_set(setup):
    from early_intervention import services as ei
    from tests.early_intervention.factories import record

    move = record(setup, planned=True)
    with pytest.raises(ValidationError) as refused:
        ei.plan_item_add(
            actor=move.lead_professional,
            move=move,
            details=ei.PlanItemDetails(
                sending_agency=move.agencies.get(is_lead=True),
                information="The plan",
                receiving_agency="Early help in the new area",
                due_on=timezone.localdate() - timedelta(days=1),
                expectations="Contact the family",
            ),
        )
    assert _errors(refused.value) == {"due_on": "The date it is to be sent by must be today or in the future"}
