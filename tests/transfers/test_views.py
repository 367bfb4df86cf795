"""Every transfers page for every role (200 / 403 / 404), the forms, and flat query counts."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal import documents as rules
from portal import services as core
from portal.access import has_object_permission
from portal.models import ChildAccessGrant, Tier
from tests.factories import build_authority, make_child
from tests.helpers import client_for, queries_to_get
from tests.transfers.factories import accept, cin_child, draft_transfer, mother_of, pdf_upload, referred_transfer
from transfers import services
from transfers.models import CinTransfer, TransferDocument, TransferRequest


def status(user, url: str, method: str = "get", data=None) -> int:
    return getattr(client_for(user), method)(url, data or {}).status_code


@pytest.fixture
def west(setup):
    """A third authority, which must never see north and south's transfers."""
    return build_authority("west")


@pytest.fixture
def draft(setup):
    return draft_transfer(setup)


@pytest.fixture
def referred(setup):
    return referred_transfer(setup)


@pytest.fixture
def disputed(setup):
    transfer = referred_transfer(setup)
    return services.transfer_decline(actor=setup.south.cin_manager, transfer=transfer, reason="Not living here")


@pytest.fixture
def accepted(setup):
    return accept(setup, referred_transfer(setup))


def url(name: str, transfer, *extra) -> str:
    return reverse(f"transfers:{name}", args=[transfer.pk, *extra])


def expect(cases: dict, path: str, method: str = "get", data=None) -> None:
    for user, code in cases.items():
        assert status(user, path, method, data) == code, (user.username, path, method)


# --- Role matrix ---------------------------------------------------------------------------------


def test_transfer_page_print_and_documents_role_matrix(setup, referred, west):
    document = referred.documents.get()
    for path in [url("cin_detail", referred), url("cin_print", referred), url("cin_document", referred, document.pk)]:
        expect(
            {
                setup.north.social_worker: 200,
                setup.north.cin_manager: 200,
                setup.south.cin_manager: 200,
                setup.south.mast_manager: 200,
                setup.south.screener: 200,
                setup.south.social_worker: 404,
                setup.north.early_help_worker: 404,
                setup.north.caldicott: 404,
                setup.health_visitor: 404,
                west.cin_manager: 404,
                west.screener: 404,
            },
            path,
        )


def test_the_receiving_authority_sees_nothing_before_the_referral(setup, draft, west):
    document = draft.documents.get()
    paths = [
        url("cin_detail", draft),
        url("cin_print", draft),
        url("cin_document", draft, document.pk),
        url("cin_move", draft),
        url("cin_family", draft),
        url("cin_summary", draft),
        url("cin_documents", draft),
        url("cin_check", draft),
        url("cin_accept", draft),
        url("cin_decline", draft),
        url("cin_resolve", draft),
        url("cin_withdraw", draft),
        url("cin_family_update", draft),
    ]
    for user in [setup.south.cin_manager, setup.south.mast_manager, setup.south.screener, west.cin_manager]:
        for path in paths:
            assert status(user, path) == 404, (user.username, path)
        assert status(user, url("cin_acknowledge", draft), "post") == 404
        assert status(user, url("cin_document_remove", draft, document.pk), "post") == 404
        listing = client_for(user).get(reverse("transfers:home") + "?show=open")
        assert draft.reference.encode() not in listing.content


def test_a_third_authority_sees_nothing_at_any_stage(setup, referred, disputed, accepted, west):
    for transfer in [referred, disputed, accepted]:
        for name in ["cin_detail", "cin_print", "cin_accept", "cin_decline", "cin_resolve", "cin_withdraw"]:
            for user in [west.cin_manager, west.mast_manager, west.caldicott, west.social_worker]:
                assert status(user, url(name, transfer)) == 404
    for show in ["open", "incoming", "outgoing", "closed", "requests"]:
        response = client_for(west.cin_manager).get(reverse("transfers:home") + f"?show={show}")
        assert response.status_code == 200
        assert b"There are no transfer" in response.content


def test_draft_editing_pages_role_matrix(setup, draft, referred):
    for name in ["cin_move", "cin_family", "cin_summary"]:
        expect(
            {setup.north.social_worker: 200, setup.north.cin_manager: 200, setup.north.early_help_worker: 404},
            url(name, draft),
        )
        # Once referred the draft pages are closed, to the sender as much as anyone.
        expect(
            {setup.north.social_worker: 403, setup.south.cin_manager: 403, setup.south.social_worker: 404},
            url(name, referred),
        )


def test_documents_page_role_matrix(setup, draft, referred, accepted):
    expect({setup.north.social_worker: 200, setup.south.cin_manager: 404}, url("cin_documents", draft))
    expect(
        {setup.north.social_worker: 200, setup.south.cin_manager: 403, setup.south.social_worker: 404},
        url("cin_documents", referred),
    )
    expect({setup.north.social_worker: 403, setup.south.cin_manager: 403}, url("cin_documents", accepted))


def test_removing_a_document_role_matrix(setup, draft, referred):
    referred_document = referred.documents.get()
    expect(
        {setup.north.social_worker: 403, setup.south.cin_manager: 403},
        url("cin_document_remove", referred, referred_document.pk),
        "post",
    )
    document = draft.documents.get()
    assert status(setup.north.social_worker, url("cin_document_remove", draft, document.pk)) == 405
    assert status(setup.north.social_worker, url("cin_document_remove", draft, document.pk), "post") == 302
    document.refresh_from_db()
    assert document.removed_at is not None
    # A removed document is gone from the page and cannot be downloaded.
    assert status(setup.north.social_worker, url("cin_document", draft, document.pk)) == 404


def test_check_and_refer_role_matrix(setup, draft, referred):
    expect(
        {setup.north.social_worker: 200, setup.north.cin_manager: 200, setup.north.early_help_worker: 404},
        url("cin_check", draft),
    )
    expect(
        {setup.north.social_worker: 302, setup.south.cin_manager: 403, setup.south.social_worker: 404},
        url("cin_check", referred),
    )


def test_acknowledge_role_matrix(setup, referred, west):
    path = url("cin_acknowledge", referred)
    assert status(setup.south.screener, path) == 405
    expect(
        {setup.north.social_worker: 403, setup.south.social_worker: 404, west.cin_manager: 404},
        path,
        "post",
    )
    assert status(setup.south.screener, path, "post") == 302
    referred.refresh_from_db()
    assert referred.state == CinTransfer.State.ACKNOWLEDGED


def test_accept_and_decline_role_matrix_a_practitioner_cannot_decide(setup, referred, west):
    for name in ["cin_accept", "cin_decline"]:
        expect(
            {
                setup.south.cin_manager: 200,
                setup.south.mast_manager: 200,
                setup.south.screener: 403,
                setup.north.cin_manager: 403,
                setup.north.social_worker: 403,
                setup.south.social_worker: 404,
                west.cin_manager: 404,
            },
            url(name, referred),
        )
    # Posting as a practitioner is refused too, and nothing changes.
    data = {"team": setup.south.mast.pk, "level_of_need": "4"}
    assert status(setup.south.screener, url("cin_accept", referred), "post", data) == 403
    referred.refresh_from_db()
    assert referred.state == CinTransfer.State.REFERRED


def test_resolve_role_matrix(setup, disputed, referred, west):
    expect(
        {
            setup.north.cin_manager: 200,
            setup.south.cin_manager: 200,
            setup.north.social_worker: 403,
            setup.south.screener: 403,
            setup.south.social_worker: 404,
            west.cin_manager: 404,
        },
        url("cin_resolve", disputed),
    )
    # Not disputed: a clear message on the transfer page rather than a form.
    response = client_for(setup.north.cin_manager).get(url("cin_resolve", referred), follow=True)
    assert b"cannot be done now" in response.content


def test_withdraw_role_matrix(setup, referred, accepted, west):
    expect(
        {
            setup.north.social_worker: 200,
            setup.north.cin_manager: 200,
            setup.south.cin_manager: 403,
            setup.south.social_worker: 404,
            west.cin_manager: 404,
        },
        url("cin_withdraw", referred),
    )
    # After acceptance the sending team no longer works on the transfer.
    expect({setup.north.social_worker: 403, setup.south.cin_manager: 403}, url("cin_withdraw", accepted))


def test_family_update_role_matrix(setup, referred, accepted, west):
    expect(
        {
            setup.north.social_worker: 200,
            setup.south.cin_manager: 403,
            setup.south.social_worker: 404,
            west.cin_manager: 404,
        },
        url("cin_family_update", referred),
    )
    expect({setup.south.cin_manager: 200, setup.north.social_worker: 403}, url("cin_family_update", accepted))


def test_start_role_matrix(setup):
    child = cin_child(setup)
    core.child_access_grant(child=child, basis=ChildAccessGrant.Basis.CONSENT, level="view", user=setup.health_visitor)
    path = reverse("transfers:cin_start", args=[child.pk])
    expect(
        {
            setup.north.social_worker: 200,
            setup.north.cin_manager: 200,
            setup.health_visitor: 403,  # may see the child, may not transfer it
            setup.south.social_worker: 404,
            setup.south.cin_manager: 404,
            setup.north.caldicott: 404,
        },
        path,
    )


def test_home_works_for_every_role(setup, referred, west):
    for user in [
        setup.north.social_worker,
        setup.north.screener,
        setup.north.cin_manager,
        setup.north.caldicott,
        setup.north.info_lead,
        setup.health_visitor,
        west.cin_manager,
    ]:
        for show in ["open", "incoming", "outgoing", "closed", "requests", "nonsense"]:
            assert status(user, reverse("transfers:home") + f"?show={show}") == 200


def test_request_pages_role_matrix(setup, west):
    child = cin_child(setup)
    request = services.transfer_request_create(
        actor=setup.south.screener,
        details=services.RequestDetails(
            requesting_team=setup.south.mast,
            sending_authority=setup.north.org,
            child_first_name=child.first_name,
            child_last_name=child.last_name,
            child_nhs_number=child.nhs_number,
            how_learned="MAST alert",
        ),
    )
    expect(
        {
            setup.south.screener: 200,
            setup.north.social_worker: 200,
            setup.health_visitor: 403,
            setup.north.caldicott: 403,
        },
        reverse("transfers:request_create"),
    )
    expect(
        {
            setup.south.screener: 200,
            setup.south.mast_manager: 200,
            setup.north.social_worker: 200,
            setup.north.cin_manager: 200,
            setup.south.social_worker: 404,
            setup.north.early_help_worker: 404,
            west.cin_manager: 404,
        },
        reverse("transfers:request_detail", args=[request.pk]),
    )
    for name in ["request_refer", "request_decline"]:
        expect(
            {
                setup.north.social_worker: 200,
                setup.north.cin_manager: 200,
                setup.south.screener: 403,
                setup.south.social_worker: 404,
                west.cin_manager: 404,
            },
            reverse(f"transfers:{name}", args=[request.pk]),
        )


# --- Lists: clocks at a glance, and flat query counts --------------------------------------------


def test_amber_and_red_are_visible_at_a_glance_with_days_left(setup):
    today = timezone.localdate()
    green = referred_transfer(setup, referred_on=today - timedelta(days=2))
    amber = referred_transfer(setup, referred_on=today - timedelta(days=10))
    red = referred_transfer(setup, referred_on=today - timedelta(days=20))
    for user in [setup.south.cin_manager, setup.north.social_worker]:
        content = client_for(user).get(reverse("transfers:home")).content.decode()
        rows = re.findall(r'<tr class="govuk-table__row" data-testid="transfer-row">.*?</tr>', content, re.S)
        # The most urgent first.
        assert [r for r in rows if red.reference in r] == [rows[0]]
        assert 'govuk-tag--red" data-testid="rag" data-rag="red">Red</strong>' in rows[0]
        assert "5 days overdue" in rows[0]
        amber_row = next(r for r in rows if amber.reference in r)
        assert 'govuk-tag--orange" data-testid="rag" data-rag="amber">Amber</strong>' in amber_row
        assert "5 days left" in amber_row
        green_row = next(r for r in rows if green.reference in r)
        assert 'data-rag="green"' in green_row
        assert "13 days left" in green_row


def test_incoming_outgoing_and_closed_views(setup, referred, accepted):
    back = referred_transfer(setup, child=cin_child(setup, sending="south"), sending="south", receiving="north")
    client = client_for(setup.north.cin_manager)
    incoming = client.get(reverse("transfers:home") + "?show=incoming").content
    outgoing = client.get(reverse("transfers:home") + "?show=outgoing").content
    closed = client.get(reverse("transfers:home") + "?show=closed").content
    assert back.reference.encode() in incoming and referred.reference.encode() not in incoming
    assert referred.reference.encode() in outgoing and back.reference.encode() not in outgoing
    assert accepted.reference.encode() in closed and referred.reference.encode() not in closed


@pytest.mark.parametrize("show", ["open", "incoming", "closed"])
def test_the_transfer_list_query_count_does_not_grow_with_the_rows(setup, show):
    client = client_for(setup.south.cin_manager)
    path = reverse("transfers:home") + f"?show={show}"

    def add():
        transfer = referred_transfer(setup)
        if show == "closed":
            accept(setup, transfer)

    add()
    few = queries_to_get(client, path)
    for _ in range(6):
        add()
    assert queries_to_get(client, path) == few


def test_the_request_list_query_count_does_not_grow_with_the_rows(setup):
    client = client_for(setup.north.cin_manager)
    path = reverse("transfers:home") + "?show=requests"

    def add():
        child = cin_child(setup)
        services.transfer_request_create(
            actor=setup.south.screener,
            details=services.RequestDetails(
                requesting_team=setup.south.mast,
                sending_authority=setup.north.org,
                child_first_name=child.first_name,
                child_last_name=child.last_name,
                how_learned="MAST alert",
            ),
        )

    add()
    few = queries_to_get(client, path)
    for _ in range(6):
        add()
    assert queries_to_get(client, path) == few


# --- The sending side's forms --------------------------------------------------------------------


def test_start_a_transfer_from_the_childs_page(setup):
    child = cin_child(setup)
    page = client_for(setup.north.social_worker).get(reverse("portal:child_detail", args=[child.pk]))
    assert b"Start a transfer" in page.content
    for other in [make_child(worker=setup.north.social_worker, team=setup.north.cin, tier=Tier.ADDITIONAL)]:
        page = client_for(setup.north.social_worker).get(reverse("portal:child_detail", args=[other.pk]))
        assert b"Start a transfer" not in page.content
    # Someone who may only view the child gets no link.
    core.child_access_grant(child=child, basis=ChildAccessGrant.Basis.CONSENT, level="view", user=setup.health_visitor)
    page = client_for(setup.health_visitor).get(reverse("portal:child_detail", args=[child.pk]))
    assert b"Start a transfer" not in page.content


def move_post(setup, **overrides):
    data = {
        "receiving_authority": setup.south.org.pk,
        "receiving_team": setup.south.cin.pk,
        "move_date_0": "1",
        "move_date_1": "3",
        "move_date_2": "2026",
        "new_address": "4 New Road",
        "new_postcode": "zz9 9nn",
        "move_kind": "unknown",
    }
    data.update(overrides)
    return data


def test_starting_through_the_form_makes_a_draft_and_says_unknown_is_treated_as_permanent(setup):
    child = cin_child(setup)
    client = client_for(setup.north.social_worker)
    path = reverse("transfers:cin_start", args=[child.pk])
    assert "treated as permanent" in client.get(path).content.decode()
    response = client.post(path, move_post(setup, receiving_authority="", new_address="Typed address"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "Choose the local authority the child is moving to" in content
    assert "Typed address" in content
    assert not CinTransfer.objects.exists()

    response = client.post(path, move_post(setup))
    transfer = CinTransfer.objects.get()
    assert response.status_code == 302 and response.url == transfer.get_absolute_url()
    assert transfer.move_kind == "unknown" and transfer.new_postcode == "ZZ9 9NN"
    page = client.get(transfer.get_absolute_url()).content.decode()
    assert "Not known (treated as permanent)" in page
    assert "When it is not known whether a move is permanent, it is treated as permanent." in page
    # A second start goes to the transfer already in progress.
    again = client.get(path)
    assert again.status_code == 302 and again.url == transfer.get_absolute_url()


def test_a_team_from_another_authority_is_a_form_error(setup):
    child = cin_child(setup)
    west = build_authority("west")
    response = client_for(setup.north.social_worker).post(
        reverse("transfers:cin_start", args=[child.pk]), move_post(setup, receiving_team=west.cin.pk)
    )
    assert b"Choose a team in the receiving authority, or leave it blank" in response.content


def family_post(child, **overrides):
    data = {
        "agreement": "refused",
        "given_by": f"person:{mother_of(child).pk}",
        "method": "verbal_in_person",
        "decided_on_0": "1",
        "decided_on_1": "3",
        "decided_on_2": "2026",
        "protection_concerns": "current",
        "proceed_reason": "Current concerns about neglect",
        "family_told": "yes",
    }
    data.update(overrides)
    return data


def test_refusal_with_protection_concerns_needs_the_advice_on_the_form(setup, draft):
    client = client_for(setup.north.social_worker)
    path = url("cin_family", draft)
    assert b"Jordan" in client.get(path).content  # the mother, who has parental responsibility
    response = client.post(path, family_post(draft.child))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Say whether you asked legal services or the Caldicott Guardian" in content
    assert "Enter who gave the advice" in content
    assert "Record the advice you were given" in content
    assert "Current concerns about neglect" in content  # what was typed is kept
    response = client.post(
        path,
        family_post(
            draft.child,
            advice_from="caldicott_guardian",
            advice_by="Cal Guardian",
            advice_on_0="2",
            advice_on_1="3",
            advice_on_2="2026",
            advice_summary="Refer: the child's protection comes first",
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.family_agreement == "refused" and draft.advice_by == "Cal Guardian"


def test_the_summary_form_needs_every_section(setup, draft):
    response = client_for(setup.north.social_worker).post(url("cin_summary", draft), {"risks": "Kept risk"})
    content = response.content.decode()
    assert "Enter the reason for children&#x27;s social care involvement" in content
    assert "Enter the outstanding actions, or say there are none" in content
    assert "Kept risk" in content


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 program", "application/pdf"), "contents do not match its name"),
        (SimpleUploadedFile("photo.png", b"\x89PNG\r\n", "image/png"), "must be a PDF or an Office document"),
        (
            SimpleUploadedFile("huge.pdf", b"%PDF-" + b"0" * rules.MAX_DOCUMENT_BYTES, "application/pdf"),
            "must be smaller than 10MB",
        ),
        (SimpleUploadedFile("empty.pdf", b"", "application/pdf"), "The selected file is empty"),
    ],
)
def test_an_unacceptable_upload_is_refused_with_a_clear_govuk_error(setup, draft, upload, message):
    response = client_for(setup.north.social_worker).post(
        url("cin_documents", draft), {"kind": "cin_plan", "title": "Plan", "file": upload}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert message in content
    assert 'href="#id_file"' in content
    assert draft.documents.count() == 1


def test_uploading_a_cin_plan_and_downloading_it(setup, draft):
    client = client_for(setup.north.social_worker)
    response = client.post(
        url("cin_documents", draft), {"kind": "minutes", "title": "Review", "file": pdf_upload("m.pdf")}
    )
    assert b"Enter the date of the meeting" in response.content
    data = {
        "kind": "minutes",
        "title": "Review",
        "meeting_on_0": "1",
        "meeting_on_1": "3",
        "meeting_on_2": "2026",
        "file": pdf_upload("review minutes.pdf"),
    }
    response = client.post(url("cin_documents", draft), data)
    assert response.status_code == 302
    document = TransferDocument.objects.get(title="Review")
    download = client.get(url("cin_document", draft, document.pk))
    assert download["Content-Type"] == "application/pdf"
    assert 'attachment; filename="review minutes.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_check_your_answers_lists_what_is_missing_then_refers(setup):
    child = cin_child(setup)
    transfer = services.transfer_start(
        actor=setup.north.social_worker,
        child=child,
        move=services.MoveDetails(
            receiving_authority=setup.south.org, move_date=timezone.localdate(), move_kind="permanent"
        ),
    )
    client = client_for(setup.north.social_worker)
    content = client.get(url("cin_check", transfer)).content.decode()
    assert "You cannot refer yet" in content
    assert "Upload the child&#x27;s Child in Need plan" in content
    assert "Refer to" not in content
    response = client.post(url("cin_check", transfer))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()

    ready = draft_transfer(setup)
    content = client.get(url("cin_check", ready)).content.decode()
    assert "Check your answers before referring" in content
    assert f"Refer to {setup.south.org.name}" in content
    response = client.post(url("cin_check", ready), follow=True)
    assert b"Transfer referred to South Council" in response.content
    ready.refresh_from_db()
    assert ready.state == CinTransfer.State.REFERRED


def test_the_preview_shows_the_summary_and_documents_but_not_the_record(setup, referred):
    content = client_for(setup.south.cin_manager).get(url("cin_detail", referred)).content.decode()
    assert 'data-testid="preview-notice"' in content
    assert "Neglect: poor home conditions." in content
    assert "Child in Need plan" in content
    assert f'href="/children/{referred.child_id}/"' not in content
    assert status(setup.south.cin_manager, reverse("portal:child_detail", args=[referred.child_id])) == 404


def test_accepting_through_the_form_moves_the_child(setup, referred):
    client = client_for(setup.south.cin_manager)
    response = client.post(url("cin_accept", referred), {"team": setup.south.cin.pk})
    assert b"Choose the level of risk or need you have decided on" in response.content
    response = client.post(
        url("cin_accept", referred),
        {"team": setup.south.cin.pk, "worker": setup.south.social_worker.pk, "level_of_need": "4"},
    )
    assert response.status_code == 302
    referred.child.refresh_from_db()
    assert referred.child.allocated_team == setup.south.cin
    assert status(setup.south.social_worker, reverse("portal:child_detail", args=[referred.child_id])) == 200
    assert (
        status(setup.north.social_worker, reverse("portal:child_edit", args=[referred.child_id])) == 404
    )  # the sending side keeps the package, not the record (issue 11)
    assert not has_object_permission(setup.north.social_worker, "change_child", referred.child)


def test_the_loser_of_a_race_gets_a_clear_message_not_an_error(setup, referred):
    winner, loser = client_for(setup.south.cin_manager), client_for(setup.south.mast_manager)
    form = loser.get(url("cin_accept", referred))
    assert form.status_code == 200
    assert winner.post(url("cin_decline", referred), {"reason": "Not living here"}).status_code == 302
    response = loser.post(url("cin_accept", referred), {"team": setup.south.mast.pk, "level_of_need": "4"}, follow=True)
    assert response.status_code == 409  # the "already done" page, with a link to the transfer
    assert b"This transfer has already been declined by" in response.content
    referred.refresh_from_db()
    assert referred.state == CinTransfer.State.DISPUTED


def test_declining_resolving_withdrawing_and_family_updates_through_the_forms(setup, referred):
    manager = client_for(setup.south.cin_manager)
    assert b"Explain why the transfer is declined" in manager.post(url("cin_decline", referred), {"reason": ""}).content
    assert manager.post(url("cin_decline", referred), {"reason": "Not here"}).status_code == 302
    sender = client_for(setup.north.cin_manager)
    form = sender.get(url("cin_resolve", referred)).content.decode()
    assert "receiving_accepts" not in form  # only the receiving authority can take the case
    response = sender.post(
        url("cin_resolve", referred), {"resolution": "sending_retains", "rationale": "Move fell through"}
    )
    assert response.status_code == 302
    referred.refresh_from_db()
    assert referred.state == CinTransfer.State.RESOLVED

    other = referred_transfer(setup)
    worker = client_for(setup.north.social_worker)
    response = worker.post(url("cin_family_update", other), {"who_was_told": "Mother"})
    assert b"Enter what the family was told" in response.content
    data = {
        "told_on_0": "1",
        "told_on_1": "3",
        "told_on_2": "2026",
        "who_was_told": "Mother",
        "method": "phone",
        "what_was_told": "Referred",
    }
    assert worker.post(url("cin_family_update", other), data).status_code == 302
    assert b"Referred" in worker.get(url("cin_detail", other)).content
    assert worker.post(url("cin_withdraw", other), {"reason": "Stayed"}).status_code == 302
    other.refresh_from_db()
    assert other.state == CinTransfer.State.WITHDRAWN


def test_the_printable_summary_links_its_print_stylesheet(setup, referred):
    content = client_for(setup.south.cin_manager).get(url("cin_print", referred)).content.decode()
    assert "/static/transfers/print.css" in content
    assert 'data-testid="printable-summary"' in content
    assert "Case Transfer Summary: " in content
    assert "Reason for involvement" in content
    assert client_for(setup.south.cin_manager).get("/static/transfers/print.css").status_code == 200


def test_requesting_a_transfer_and_answering_it_through_the_forms(setup):
    child = cin_child(setup)
    asker = client_for(setup.south.screener)
    response = asker.post(reverse("transfers:request_create"), {"child_first_name": "Kept"})
    assert b"Say how you learned of the child" in response.content and b'value="Kept"' in response.content
    data = {
        "requesting_team": setup.south.mast.pk,
        "sending_authority": setup.north.org.pk,
        "child_first_name": child.first_name,
        "child_last_name": child.last_name,
        "child_nhs_number": child.nhs_number,
        "how_learned": "MAST alert from the school",
    }
    assert asker.post(reverse("transfers:request_create"), data).status_code == 302
    request = TransferRequest.objects.get()
    sender = client_for(setup.north.social_worker)
    assert b"The NHS number matches a child your authority holds" in sender.get(request.get_absolute_url()).content
    refer_path = reverse("transfers:request_refer", args=[request.pk])
    assert f'value="{child.pk}" selected'.encode() in sender.get(refer_path).content
    response = sender.post(
        refer_path,
        {"child": child.pk, "move_date_0": "1", "move_date_1": "3", "move_date_2": "2026", "move_kind": "permanent"},
    )
    transfer = CinTransfer.objects.get()
    assert response.status_code == 302 and response.url == transfer.get_absolute_url()
    assert transfer.receiving_team == setup.south.mast and transfer.request == request

    decline_path = reverse("transfers:request_decline", args=[request.pk])
    assert b"Explain why you are not referring the case" in sender.post(decline_path, {"reason": ""}).content
    assert sender.post(decline_path, {"reason": "Family moved back"}).status_code == 302
    request.refresh_from_db()
    assert request.state == TransferRequest.State.DECLINED
    response = sender.get(decline_path, follow=True)
    assert b"already been answered" in response.content


def test_transfers_is_in_the_navigation(setup):
    home = client_for(setup.north.social_worker).get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("transfers:home")}"' in home


def test_after_acceptance_the_sending_team_keeps_the_package_not_the_live_record(setup, accepted):
    """Finding 1 (issue 11): accepting moves access. The sender reads what it sent, and nothing the
    receiving authority records afterwards."""
    from dataclasses import fields, replace

    child = accepted.child
    child.refresh_from_db()
    sender = setup.north.social_worker
    details = core.ChildDetails(**{f.name: getattr(child, f.name) for f in fields(core.ChildDetails)})
    core.child_update(actor=setup.south.cin_manager, child=child, details=replace(details, address="12 Secret Lane"))
    for name in ("child_detail", "child_timeline", "child_family", "child_involved", "child_access"):
        assert status(sender, reverse(f"portal:{name}", args=[child.pk])) == 404, name
    assert status(setup.north.cin_manager, reverse("portal:child_detail", args=[child.pk])) == 404
    document = accepted.documents.first()
    # The transfer page and its print view carry the summary and the family log it sent.
    for path in (url("cin_detail", accepted), url("cin_print", accepted)):
        response = client_for(sender).get(path)
        assert response.status_code == 200, path
        assert b"12 Secret Lane" not in response.content
    assert status(sender, url("cin_document", accepted, document.pk)) == 200
