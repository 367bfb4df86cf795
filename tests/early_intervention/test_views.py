"""Every Early Intervention move page for every role (200 / 403 / 404), the forms with their GOV.UK
error summary, and a list whose query count stays flat as moves grow."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from early_intervention.models import EarlyInterventionMove
from early_intervention.selectors import checklist
from tests.early_intervention.factories import add_item, eh_child, eh_manager, hold_meeting, mother_of, record
from tests.factories import build_authority
from tests.helpers import client_for, queries_to_get

Move = EarlyInterventionMove
State = Move.State


def status(user, path: str, method: str = "get", data=None) -> int:
    return getattr(client_for(user), method)(path, data or {}).status_code


def expect(cases: dict, path: str, method: str = "get", data=None) -> None:
    for user, code in cases.items():
        assert status(user, path, method, data) == code, (user.username, path, method)


def url(name: str, move, *extra) -> str:
    return reverse(f"early_intervention:{name}", args=[move.pk, *extra])


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def west(setup):
    return build_authority("west")


@pytest.fixture
def manager(setup):
    return eh_manager(setup)


@pytest.fixture
def outsiders(setup, west):
    """People who are not on the plan: they get a 404 for everything about the move."""
    return [
        setup.north.screener,
        setup.north.mast_manager,
        setup.north.caldicott,
        setup.south.early_help_worker,
        setup.south.cin_manager,
        setup.south.screener,
        west.cin_manager,
    ]


def not_found_for(outsiders, path: str, method: str = "get") -> None:
    for user in outsiders:
        assert status(user, path, method) == 404, (user.username, path)


# --- Role matrix ---------------------------------------------------------------------------------


def test_the_move_page_is_for_the_agencies_on_the_plan_and_their_managers_only(setup, manager, outsiders):
    move = record(setup)
    expect(
        {
            setup.north.early_help_worker: 200,
            manager: 200,
            setup.health_visitor: 200,  # an agency on the plan
            setup.north.social_worker: 200,  # the Children in Need team is on this plan
            setup.north.cin_manager: 200,  # ... and its manager
        },
        url("detail", move),
    )
    not_found_for(outsiders, url("detail", move))


def test_the_list_role_matrix_and_it_shows_only_the_users_moves(setup, manager, outsiders):
    move = record(setup)
    path = reverse("early_intervention:list")
    expect({setup.north.early_help_worker: 200, manager: 200, setup.health_visitor: 200}, path)
    # Caldicott Guardians meet moves through escalations, not the list.
    expect({setup.north.caldicott: 403, setup.north.info_lead: 403}, path)
    assert move.reference in text(client_for(setup.health_visitor).get(path))
    for user in [setup.north.screener, setup.south.early_help_worker, setup.south.cin_manager]:
        response = client_for(user).get(path)
        assert response.status_code == 200 and move.reference not in text(response)
        assert response.context["page"].paginator.count == 0


def test_recording_a_move_role_matrix(setup, manager, outsiders):
    child = eh_child(setup)
    path = reverse("early_intervention:start", args=[child.pk])
    expect({setup.north.early_help_worker: 200, manager: 200}, path)
    # Before the move the other agencies cannot see the child at all.
    expect({setup.health_visitor: 404, setup.north.social_worker: 404, setup.north.caldicott: 404}, path)
    not_found_for(outsiders, path)
    move = record(setup, child)
    # Once a move is in progress, the page goes to it; the agencies see the child but do not record moves.
    assert client_for(setup.north.early_help_worker).get(path).url == move.get_absolute_url()
    expect({setup.health_visitor: 403, setup.north.social_worker: 403}, path)


def test_the_meeting_page_role_matrix(setup, manager, outsiders):
    move = record(setup)
    path = url("meeting", move)
    expect({setup.north.early_help_worker: 200, manager: 200}, path)
    expect({setup.health_visitor: 403, setup.north.social_worker: 403}, path)
    not_found_for(outsiders, path)
    hold_meeting(setup, move)
    # Recorded: the page says so on the move, it does not record a second meeting.
    response = client_for(setup.north.early_help_worker).get(path, follow=True)
    assert response.redirect_chain[-1][0] == move.get_absolute_url()
    assert "The multi-agency meeting was recorded by" in text(response)


def test_the_contact_page_role_matrix(setup, manager, outsiders):
    move = record(setup)
    health = move.agencies.get(team=setup.health_team)
    cin = move.agencies.get(team=setup.north.cin)
    expect(
        {setup.north.early_help_worker: 200, manager: 200, setup.health_visitor: 200, setup.north.social_worker: 403},
        url("agency_contact", move, health.pk),
    )
    expect({setup.health_visitor: 403, setup.north.social_worker: 200}, url("agency_contact", move, cin.pk))
    not_found_for(outsiders, url("agency_contact", move, health.pk))
    other = record(setup)
    # An agency of another move is not found on this one.
    assert status(setup.north.early_help_worker, url("agency_contact", move, other.agencies.first().pk)) == 404


def test_the_plan_update_page_role_matrix(setup, manager, outsiders):
    move = hold_meeting(setup, record(setup))
    path = url("plan_updated", move)
    expect({setup.north.early_help_worker: 200, manager: 200, setup.health_visitor: 403}, path)
    not_found_for(outsiders, path)
    planned = record(setup, planned=True)
    assert status(setup.north.early_help_worker, url("plan_updated", planned)) == 302  # not due on this move


def test_the_plan_item_pages_role_matrix(setup, manager, outsiders):
    move = record(setup, planned=True)
    expect(
        {setup.north.early_help_worker: 200, manager: 200, setup.health_visitor: 403, setup.north.social_worker: 403},
        url("item_add", move),
    )
    not_found_for(outsiders, url("item_add", move))
    item = add_item(move, agency=move.agencies.get(team=setup.health_team))
    path = url("item_done", move, item.pk)
    expect(
        {setup.north.early_help_worker: 200, manager: 200, setup.health_visitor: 200, setup.north.social_worker: 403},
        path,
    )
    not_found_for(outsiders, path)
    waiting = record(setup)
    assert status(setup.north.early_help_worker, url("item_add", waiting)) == 302  # no plan yet
    assert status(setup.north.early_help_worker, url("item_done", waiting, item.pk)) == 404  # not its item


def test_the_records_checklist_pages_role_matrix(setup, manager, outsiders):
    move = hold_meeting(setup, record(setup, consent_status=Move.Consent.REFUSED))
    row = next(r for r in checklist(move=move) if r.agency.team == setup.health_team)
    for step in ["records", "forwarded"]:
        path = url("records", move, row.pk, step)
        expect(
            {
                setup.north.early_help_worker: 200,
                manager: 200,
                setup.health_visitor: 200,
                setup.north.social_worker: 403,
            },
            path,
        )
        not_found_for(outsiders, path)
    assert status(setup.health_visitor, url("records", move, row.pk, "elsewhere")) == 404


def test_the_withdraw_page_role_matrix(setup, manager, outsiders):
    move = record(setup)
    path = url("withdraw", move)
    expect({setup.north.early_help_worker: 200, manager: 200, setup.health_visitor: 403}, path)
    not_found_for(outsiders, path)
    referred = hold_meeting(setup, record(setup), increased=True, harm=True)
    assert status(setup.north.early_help_worker, url("withdraw", referred)) == 302


def test_anonymous_users_are_sent_to_sign_in(setup):
    move = record(setup)
    response = Client().get(url("detail", move))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- The forms -----------------------------------------------------------------------------------


def form_data(child, **overrides) -> dict:
    today = timezone.localdate() - timedelta(days=1)
    data = {
        "plan_reference": "EIP-9",
        "tier": "3",
        "lead_team": "",
        "kind": "unplanned",
        "destination": "",
        "move_date_0": str(today.day),
        "move_date_1": str(today.month),
        "move_date_2": str(today.year),
        "consent": "given",
        "existing_consent": "",
        "consent_from": f"person:{mother_of(child).pk}",
        "consent_method": "in_writing",
        "consent_decided_on_0": str(today.day),
        "consent_decided_on_1": str(today.month),
        "consent_decided_on_2": str(today.year),
    }
    data.update(overrides)
    return data


def test_recording_through_the_form_and_an_empty_form_shows_the_error_summary(setup):
    child = eh_child(setup)
    worker = client_for(setup.north.early_help_worker)
    path = reverse("early_intervention:start", args=[child.pk])
    page = text(worker.get(path))
    assert "Health visiting, Health Trust" in page and "The family&#x27;s whereabouts are unknown" in page
    assert "MAST, North Council" not in page  # the front door is not an agency on a plan
    assert "Early help, North Council" not in page  # the worker's own team is the lead agency already

    empty = worker.post(path, {})
    assert empty.status_code == 200
    content = text(empty)
    assert "govuk-error-summary" in content
    for message in [
        "Enter the Early Intervention plan reference",
        "Say whether the move was planned",
        "Enter the date the child moved, or is planned to move",
        "Say whether the family consented to their information being transferred",
    ]:
        assert message in content, message

    # The service's rules come back on the form, with what was typed kept.
    response = worker.post(
        path,
        form_data(
            child,
            kind="planned",
            destination="unknown",
            lead_team=str(setup.north.early_help.pk),
            agencies=[f"team:{setup.health_team.pk}"],
        ),
    )
    content = text(response)
    assert "A planned move has a destination" in content and 'value="EIP-9"' in content

    response = worker.post(
        path,
        form_data(
            child,
            destination=str(setup.south.org.pk),
            lead_team=str(setup.north.early_help.pk),
            agencies=[f"team:{setup.health_team.pk}"],
        ),
    )
    move = Move.objects.get(child=child)
    assert response.status_code == 302 and response.url == move.get_absolute_url()
    assert move.state == State.AWAITING_MEETING and move.consent_record.given_by_person == mother_of(child)
    page = text(worker.get(move.get_absolute_url()))
    assert "Record the multi-agency meeting" in page and "Health visiting, Health Trust" in page


def test_the_meeting_form_records_the_outcome(setup):
    move = record(setup, consent_status=Move.Consent.REFUSED)
    worker = client_for(setup.north.early_help_worker)
    path = url("meeting", move)
    content = text(worker.post(path, {}))
    assert "govuk-error-summary" in content and "Summarise the discussion" in content
    yesterday = timezone.localdate() - timedelta(days=1)
    response = worker.post(
        path,
        {
            "held_on_0": str(yesterday.day),
            "held_on_1": str(yesterday.month),
            "held_on_2": str(yesterday.year),
            "present": [a.pk for a in move.agencies.all()],
            "discussion_summary": "The move was sudden; school are worried.",
            "need_or_risk_increased": "yes",
            "significant_harm": "yes",
            "harm_concerns": ["neglect"],
            "outcome_notes": "Refer today.",
        },
    )
    assert response.status_code == 302
    move.refresh_from_db()
    assert move.state == State.REFERRAL_RECEIVING_CSC
    page = text(worker.get(move.get_absolute_url()))
    assert "A referral to South Council MAST was started from this move" in page
    assert f'href="{reverse("referrals:resume", args=[move.referral.pk])}"' in page
    # Another agency sees the referral is on its way, but cannot continue it.
    other = text(client_for(setup.health_visitor).get(move.get_absolute_url()))
    assert "Continue the referral" not in other and "started it and sends it" in other


def test_the_plan_forms(setup):
    move = hold_meeting(setup, record(setup))
    worker = client_for(setup.north.early_help_worker)
    assert "Say what changed in the plan" in text(worker.post(url("plan_updated", move), {}))
    today = timezone.localdate()
    date_fields = {"updated_on_0": today.day, "updated_on_1": today.month, "updated_on_2": today.year}
    assert worker.post(url("plan_updated", move), {**date_fields, "summary": "New school"}).status_code == 302

    content = text(worker.post(url("item_add", move), {}))
    for message in ["Choose the agency on the plan that sends the information", "Enter the date it is to be sent by"]:
        assert message in content
    health = move.agencies.get(team=setup.health_team)
    response = worker.post(
        url("item_add", move),
        {
            "sending_agency": health.pk,
            "information": "Health visiting records",
            "receiving_agency": "Health visiting, South",
            "due_on_0": today.day,
            "due_on_1": today.month,
            "due_on_2": today.year,
            "expectations": "Visit within 10 days",
        },
    )
    assert response.status_code == 302
    item = move.plan_items.get()
    nurse = client_for(setup.health_visitor)
    assert "Say how the information was sent" in text(nurse.post(url("item_done", move, item.pk), {}))
    done = {"sent_on_0": today.day, "sent_on_1": today.month, "sent_on_2": today.year, "method": "secure_email"}
    assert nurse.post(url("item_done", move, item.pk), done).status_code == 302
    move.refresh_from_db()
    assert move.state == State.COMPLETED
    page = text(nurse.get(move.get_absolute_url()))
    assert "Sent" in page and "recorded by" in page


def test_the_checklist_contact_and_withdraw_forms(setup):
    move = hold_meeting(setup, record(setup, consent_status=Move.Consent.REFUSED))
    row = next(r for r in checklist(move=move) if r.agency.team == setup.health_team)
    nurse = client_for(setup.health_visitor)
    assert "Name who confirmed the records are up to date" in text(
        nurse.post(url("records", move, row.pk, "records"), {})
    )
    today = timezone.localdate()
    on = {"on_0": today.day, "on_1": today.month, "on_2": today.year}
    assert nurse.post(url("records", move, row.pk, "records"), {**on, "by_name": "Hana"}).status_code == 302
    content = text(nurse.post(url("records", move, row.pk, "forwarded"), {}))
    assert "Say who in the receiving authority the records went to" in content
    data = {**on, "by_name": "Hana", "forwarded_to": "Health visiting, South"}
    assert nurse.post(url("records", move, row.pk, "forwarded"), data).status_code == 302
    row.refresh_from_db()
    assert row.is_complete
    # Confirmed: the page now refuses politely.
    assert status(setup.health_visitor, url("records", move, row.pk, "records")) == 302

    health = row.agency
    assert "Enter the name of the contact" in text(nurse.post(url("agency_contact", move, health.pk), {}))
    assert nurse.post(url("agency_contact", move, health.pk), {"contact_name": "Hana V"}).status_code == 302
    assert "Hana V" in text(nurse.get(move.get_absolute_url()))

    waiting = record(setup)
    worker = client_for(setup.north.early_help_worker)
    assert "Explain why the move is withdrawn" in text(worker.post(url("withdraw", waiting), {}))
    assert worker.post(url("withdraw", waiting), {"reason": "They stayed"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == State.WITHDRAWN


def test_the_child_page_links_to_recording_a_move_for_the_lead_professional_only(setup):
    child = eh_child(setup)
    link = reverse("early_intervention:start", args=[child.pk])
    assert link in text(client_for(setup.north.early_help_worker).get(child.get_absolute_url()))
    record(setup, child)
    assert link not in text(client_for(setup.health_visitor).get(child.get_absolute_url()))


def test_ei_moves_are_in_the_navigation(setup):
    home = text(client_for(setup.north.early_help_worker).get(reverse("portal:home")))
    assert f'href="{reverse("early_intervention:list")}"' in home
    assert f'href="{reverse("early_intervention:list")}"' not in text(
        client_for(setup.north.caldicott).get(reverse("portal:home"))
    )


def test_links_to_the_old_addresses_under_transfers_still_reach_the_move(setup):
    """Notifications and emails already sent link to /transfers/ei/...: they go to the same page now."""
    move = record(setup)
    assert url("detail", move) == f"/early-intervention/{move.pk}/"
    worker = client_for(setup.north.early_help_worker)
    response = worker.get(f"/transfers/ei/{move.pk}/")
    assert (response.status_code, response["Location"]) == (301, f"/early-intervention/{move.pk}/")
    listed = worker.get("/transfers/ei/?filter=awaiting_meeting&team=3")
    assert listed["Location"] == "/early-intervention/?filter=awaiting_meeting&team=3"
    assert worker.get(f"/transfers/ei/{move.pk}/", follow=True).status_code == 200
    # Still a 404 for someone not on the move, once redirected.
    assert client_for(setup.south.early_help_worker).get(f"/transfers/ei/{move.pk}/", follow=True).status_code == 404


# --- Flat query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("show", ["open", "closed"])
def test_the_list_query_count_does_not_grow_with_the_moves(setup, manager, show):
    client = client_for(manager)

    def make(count: int) -> None:
        for number in range(count):
            move = record(setup)
            if number % 3 == 1:
                move = hold_meeting(setup, move, increased=True, harm=True)
            elif number % 3 == 2:
                move = hold_meeting(setup, move)
                add_item(move, due_on=timezone.localdate() - timedelta(days=2))
            if show == "closed":
                from early_intervention import services

                if move.state in Move.WITHDRAWABLE:
                    services.move_withdraw(actor=move.lead_professional, move=move, reason="Stayed")

    path = reverse("early_intervention:list") + f"?show={show}"

    def queries() -> tuple[int, int]:
        return queries_to_get(client, path), client.get(path).context["page"].paginator.count

    make(2)
    few, rows = queries()
    make(6)
    many, more_rows = queries()
    assert more_rows > rows
    assert many == few
