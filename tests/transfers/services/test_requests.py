"""Transfer requests: who hears of one, how it is answered, what it needs."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.models import Notification
from tests.factories import UserFactory, build_authority, join, make_child
from tests.transfers.factories import SUMMARY, agreed, cin_child, move_to, pdf_upload
from transfers import selectors, services
from transfers.models import TransferRequest


def request_from_south(setup, child, **overrides):
    values = {
        "requesting_team": setup.south.mast,
        "sending_authority": setup.north.org,
        "child_first_name": child.first_name,
        "child_last_name": child.last_name,
        "how_learned": "MAST alert from the school",
        "child_nhs_number": child.nhs_number,
    }
    values.update(overrides)
    return services.transfer_request_create(actor=setup.south.screener, details=services.RequestDetails(**values))


def test_a_request_reaches_the_sending_authority_and_the_team_holding_the_child(setup):
    child = cin_child(setup)
    request = request_from_south(setup, child)
    assert request.child == child
    assert request.state == TransferRequest.State.OPEN
    seen_by = lambda user: selectors.request_list_for_user(user=user).filter(pk=request.pk).exists()  # noqa: E731
    for user in [setup.north.social_worker, setup.north.cin_manager, setup.north.mast_manager, setup.south.screener]:
        assert seen_by(user), user
    for user in [build_authority("west").cin_manager, setup.north.early_help_worker]:
        assert not seen_by(user)
    assert Notification.objects.filter(recipient=setup.north.social_worker).exists()
    assert selectors.can_answer_request(setup.north.social_worker, request)
    assert not selectors.can_answer_request(setup.south.screener, request)


def test_a_request_carries_where_it_came_from(setup):
    child = cin_child(setup)
    source = make_child(worker=setup.south.screener, team=setup.south.mast)  # any record will do here
    request = services.transfer_request_create(
        actor=setup.south.screener,
        details=services.RequestDetails(
            requesting_team=setup.south.mast,
            sending_authority=setup.north.org,
            child_first_name=child.first_name,
            child_last_name=child.last_name,
            how_learned="MAST alert",
        ),
        source=source,
    )
    assert request.source == source
    assert request.child is None  # no NHS number: the sending side finds the child


def test_a_request_is_answered_by_referring(setup):
    child = cin_child(setup)
    request = request_from_south(setup, child)
    transfer = services.transfer_request_start_transfer(
        actor=setup.north.social_worker, request=request, child=child, move=move_to(setup, "north")
    )
    # The case goes to the team that asked, whatever the form said.
    assert transfer.receiving_authority == setup.south.org
    assert transfer.receiving_team == setup.south.mast
    assert transfer.request == request
    worker = setup.north.social_worker
    services.transfer_record_family_agreement(actor=worker, transfer=transfer, details=agreed(child))
    services.transfer_save_summary(actor=worker, transfer=transfer, summary=SUMMARY)
    services.transfer_document_add(
        actor=worker,
        transfer=transfer,
        details=services.DocumentDetails(kind="cin_plan", title="Plan"),
        upload=pdf_upload(),
    )
    services.transfer_refer(actor=worker, transfer=transfer)
    request.refresh_from_db()
    assert request.state == TransferRequest.State.REFERRED
    assert request.answered_by == worker
    assert Notification.objects.filter(
        recipient=setup.south.screener, event_key=f"transfer-request:{request.pk}:referred"
    ).exists()


def test_a_request_is_answered_by_explaining_why_not_once(setup):
    child = cin_child(setup)
    request = request_from_south(setup, child)
    with pytest.raises(PermissionDenied):
        services.transfer_request_decline(actor=setup.south.screener, request=request, explanation="x")
    with pytest.raises(ValidationError):
        services.transfer_request_decline(actor=setup.north.cin_manager, request=request, explanation="")
    request = services.transfer_request_decline(
        actor=setup.north.cin_manager, request=request, explanation="The family has returned to our area."
    )
    assert request.state == TransferRequest.State.DECLINED
    assert Notification.objects.filter(
        recipient=setup.south.screener, event_key=f"transfer-request:{request.pk}:declined"
    ).exists()
    with pytest.raises(PermissionDenied):  # answered: nobody can answer again
        services.transfer_request_decline(actor=setup.north.cin_manager, request=request, explanation="again")


def test_a_request_needs_a_real_nhs_number_and_another_authority(setup):
    child = cin_child(setup)
    with pytest.raises(ValidationError) as error:
        request_from_south(setup, child, child_nhs_number="1234567890", sending_authority=setup.south.org)
    assert set(error.value.message_dict) == {"child_nhs_number", "sending_authority"}
    outsider = join(UserFactory(organisation=setup.health, roles=["practitioner"]), setup.health_team)
    with pytest.raises(PermissionDenied):
        services.transfer_request_create(
            actor=outsider,
            details=services.RequestDetails(
                requesting_team=setup.health_team,
                sending_authority=setup.north.org,
                child_first_name="A",
                child_last_name="B",
                how_learned="x",
            ),
        )
