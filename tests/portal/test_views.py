import re
import subprocess
import sys
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal import services
from portal.models import AccessEvent, Child, ChildAccessGrant, Escalation, Notification
from tests.factories import PersonFactory, UserFactory, join, make_child, next_nhs_number, relate
from tests.helpers import client_for, queries_to_get, told


@pytest.fixture
def child(setup):
    return make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Ada", last_name="North")


@pytest.fixture
def view_only(setup, child):
    """The health visitor may view (a basis such as consent) but not edit the child."""
    services.child_access_grant(
        child=child, basis=ChildAccessGrant.Basis.CONSENT, level="view", user=setup.health_visitor
    )
    return setup.health_visitor


def valid_child_post(setup, **overrides):
    data = {
        "first_name": "Bea",
        "last_name": "Newchild",
        "date_of_birth_0": "4",
        "date_of_birth_1": "5",
        "date_of_birth_2": "2019",
        "nhs_number": next_nhs_number(),
        "local_authority": setup.north.org.pk,
        "whereabouts_known": "yes",
        "tier": "4",
        "team": setup.north.cin.pk,
    }
    data.update(overrides)
    return data


# --- Sign-in and navigation ----------------------------------------------------------------------


def test_anonymous_users_are_sent_to_sign_in(setup, child):
    for url in [
        reverse("portal:home"),
        reverse("portal:child_detail", args=[child.pk]),
        reverse("portal:notification_list"),
    ]:
        response = Client().get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_sign_in_page_and_a_wrong_password(setup):
    client = Client()
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "north.socialworker", "password": "wrong"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    response = client.post(reverse("login"), {"username": "north.socialworker", "password": "a-test-password-123"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "who",
    [
        "north.social_worker",
        "north.screener",
        "north.cin_manager",
        "north.caldicott",
        "north.info_lead",
        "health_visitor",
    ],
)
def test_every_navigation_link_works_for_every_role(setup, child, who):
    user = setup.health_visitor if who == "health_visitor" else getattr(setup.north, who.split(".")[1])
    client = client_for(user)
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200
    nav = re.search(rb'<ul class="govuk-service-navigation__list".*?</ul>', home.content, re.S).group(0)
    links = re.findall(rb'href="([^"]+)"', nav)
    assert len(links) >= 4
    for link in links:
        assert client.get(link.decode()).status_code == 200, link


def test_forms_need_a_csrf_token(setup, child):
    client = Client(enforce_csrf_checks=True)
    client.force_login(setup.north.social_worker)
    response = client.post(reverse("portal:child_create"), valid_child_post(setup))
    assert response.status_code == 403
    assert not Child.objects.filter(last_name="Newchild").exists()


def test_pages_carry_a_content_security_policy_with_a_nonce(setup):
    response = client_for(setup.north.social_worker).get(reverse("portal:home"))
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'nonce="{nonce}"'.encode() in response.content
    assert "'unsafe-inline'" not in policy


# --- Children ------------------------------------------------------------------------------------


def test_child_detail_is_404_for_another_teams_practitioner_and_200_for_their_own(setup, child):
    url = reverse("portal:child_detail", args=[child.pk])
    assert client_for(setup.north.social_worker).get(url).status_code == 200
    assert client_for(setup.north.cin_manager).get(url).status_code == 200
    assert client_for(setup.north.early_help_worker).get(url).status_code == 404
    assert client_for(setup.south.social_worker).get(url).status_code == 404
    assert client_for(setup.north.caldicott).get(url).status_code == 404


def test_viewing_a_child_is_logged_for_anyone_but_the_allocated_worker(setup, child):
    url = reverse("portal:child_detail", args=[child.pk])
    client_for(setup.north.social_worker).get(url)
    assert AccessEvent.objects.count() == 0
    client_for(setup.north.cin_manager).get(url)
    event = AccessEvent.objects.get()
    assert event.user == setup.north.cin_manager
    assert event.access_basis == "Allocated team"


def test_the_child_list_shows_only_children_the_user_may_see(setup, child):
    make_child(worker=setup.south.social_worker, team=setup.south.cin, first_name="Sol", last_name="South")
    response = client_for(setup.north.social_worker).get(reverse("portal:child_list"))
    assert b"Ada North" in response.content
    assert b"Sol South" not in response.content


def test_search_is_posted_and_finds_only_visible_children(setup, child):
    other = make_child(worker=setup.south.social_worker, team=setup.south.cin, first_name="Ada", last_name="South")
    client = client_for(setup.north.social_worker)
    response = client.post(reverse("portal:child_list"), {"name": "Ada"})
    assert response.status_code == 200
    assert b"Ada North" in response.content
    assert b"Ada South" not in response.content
    response = client.post(reverse("portal:child_list"), {"nhs_number": other.nhs_number})
    assert b"0 matching children" in response.content
    response = client.post(reverse("portal:child_list"), {"nhs_number": "1234567890"})
    assert b"govuk-error-summary" in response.content
    assert b"Enter a valid NHS number" in response.content


def test_child_list_query_count_does_not_grow_with_the_number_of_children(setup):
    client = client_for(setup.north.cin_manager)
    url = reverse("portal:child_list")

    def count() -> int:
        return queries_to_get(client, url)

    make_child(worker=setup.north.social_worker, team=setup.north.cin)
    few = count()
    for _ in range(20):
        make_child(worker=setup.north.social_worker, team=setup.north.cin)
    assert count() == few


def test_home_query_count_does_not_grow_with_the_number_of_children(setup):
    client = client_for(setup.north.cin_manager)

    def count() -> int:
        return queries_to_get(client, reverse("portal:home"))

    make_child(worker=setup.north.cin_manager, team=setup.north.cin)
    few = count()
    for _ in range(15):
        make_child(worker=setup.north.cin_manager, team=setup.north.cin)
    assert count() == few


def test_create_child_role_matrix(setup):
    url = reverse("portal:child_create")
    assert client_for(setup.north.social_worker).get(url).status_code == 200
    assert client_for(setup.health_visitor).get(url).status_code == 200
    assert client_for(setup.north.caldicott).get(url).status_code == 403


def test_creating_a_child_through_the_form(setup):
    response = client_for(setup.north.social_worker).post(reverse("portal:child_create"), valid_child_post(setup))
    child = Child.objects.get(last_name="Newchild")
    assert response.status_code == 302
    assert response.url == reverse("portal:child_detail", args=[child.pk])
    assert child.allocated_worker == setup.north.social_worker


def test_an_invalid_nhs_number_is_a_govuk_form_error_and_keeps_what_was_typed(setup):
    data = valid_child_post(setup, nhs_number="123 456 7890", address="1 Typed Street")
    response = client_for(setup.north.social_worker).post(reverse("portal:child_create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert 'href="#id_nhs_number"' in content
    assert "Enter a valid NHS number" in content
    assert "govuk-input--error" in content
    assert 'value="Newchild"' in content
    assert "1 Typed Street" in content
    assert not Child.objects.filter(last_name="Newchild").exists()


def test_missing_answers_come_back_with_specific_messages(setup):
    response = client_for(setup.north.social_worker).post(reverse("portal:child_create"), {"first_name": "Only"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Enter the child&#x27;s last name" in content
    assert "Choose the local authority the child lives in" in content
    assert 'value="Only"' in content


def test_an_impossible_date_of_birth_is_a_form_error_not_a_500(setup):
    data = valid_child_post(setup, date_of_birth_0="31", date_of_birth_1="2", date_of_birth_2="2019")
    response = client_for(setup.north.social_worker).post(reverse("portal:child_create"), data)
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content


def test_a_future_date_of_birth_is_refused_unless_the_child_is_unborn(setup):
    future = timezone.localdate() + timedelta(days=60)
    data = valid_child_post(
        setup, date_of_birth_0=str(future.day), date_of_birth_1=str(future.month), date_of_birth_2=str(future.year)
    )
    client = client_for(setup.north.social_worker)
    assert b"must be today or in the past" in client.post(reverse("portal:child_create"), data).content
    data["is_unborn"] = "on"
    assert client.post(reverse("portal:child_create"), data).status_code == 302


def test_a_possible_duplicate_must_be_confirmed_before_a_second_record_is_made(setup, child):
    data = valid_child_post(
        setup, first_name="Ada", last_name="North", date_of_birth_0="4", date_of_birth_1="5", date_of_birth_2="2018"
    )
    client = client_for(setup.south.social_worker)
    data.update(local_authority=setup.south.org.pk, team=setup.south.cin.pk)
    response = client.post(reverse("portal:child_create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="duplicate-warning"' in content
    # Outside the authority holding the record, the south worker learns only that a match exists
    # (finding 10): not who holds it, not why it matched. The match is logged and MAST is told.
    assert "A matching record exists. MAST has been told" in content
    assert "held by" not in content and "do not have access to" not in content
    assert "the same name and date of birth" not in content
    match = AccessEvent.objects.get(kind=AccessEvent.Kind.DUPLICATE_MATCH)
    assert match.child == child and match.user == setup.south.social_worker
    told = set(
        Notification.objects.filter(event_key__startswith="duplicate-match:").values_list("recipient", flat=True)
    )
    assert {setup.north.screener.pk, setup.north.mast_manager.pk} <= told
    assert setup.south.screener.pk not in told
    assert Child.objects.filter(first_name="Ada").count() == 1
    data["confirm_not_duplicate"] = "on"
    assert client.post(reverse("portal:child_create"), data).status_code == 302
    assert Child.objects.filter(first_name="Ada").count() == 2


def test_inside_the_holding_authority_the_duplicate_check_says_who_holds_it(setup, child):
    data = valid_child_post(
        setup, first_name="Ada", last_name="North", date_of_birth_0="4", date_of_birth_1="5", date_of_birth_2="2018"
    )
    data.update(team=setup.north.early_help.pk)
    content = client_for(setup.north.early_help_worker).post(reverse("portal:child_create"), data).content.decode()
    assert "A record you do not have access to, held by Children in Need" in content
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.DUPLICATE_MATCH).exists()


def test_an_nhs_number_already_recorded_cannot_be_confirmed_through(setup, child):
    data = valid_child_post(setup, nhs_number=child.nhs_number, confirm_not_duplicate="on")
    response = client_for(setup.north.social_worker).post(reverse("portal:child_create"), data)
    assert response.status_code == 200
    assert b"Two children cannot have the same NHS number" in response.content


def test_edit_child_role_matrix(setup, child, view_only):
    url = reverse("portal:child_edit", args=[child.pk])
    assert client_for(setup.north.social_worker).get(url).status_code == 200
    assert client_for(view_only).get(url).status_code == 403
    assert client_for(setup.south.social_worker).get(url).status_code == 404


def test_editing_a_child_records_history(setup, child):
    data = valid_child_post(setup, first_name="Ada", last_name="Renamed", nhs_number=child.nhs_number)
    data.pop("team")
    response = client_for(setup.north.social_worker).post(reverse("portal:child_edit", args=[child.pk]), data)
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.last_name == "Renamed"
    latest = child.history.first()
    assert latest.history_change_reason == "Child's details updated"
    assert latest.history_user == setup.north.social_worker


def test_who_can_see_this_child_lists_every_user_and_team_and_why(setup, child, view_only):
    response = client_for(setup.north.social_worker).get(reverse("portal:child_access", args=[child.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Team: Children in Need" in content
    assert "Allocated team" in content
    assert str(setup.north.social_worker) in content
    assert "Allocated worker" in content
    assert str(view_only) in content
    assert "Consent to share" in content
    assert client_for(setup.south.social_worker).get(reverse("portal:child_access", args=[child.pk])).status_code == 404


def test_allocate_role_matrix(setup, child):
    url = reverse("portal:child_allocate", args=[child.pk])
    assert client_for(setup.north.cin_manager).get(url).status_code == 200
    assert client_for(setup.north.social_worker).get(url).status_code == 403
    assert client_for(setup.south.cin_manager).get(url).status_code == 404


def test_allocating_through_the_form_moves_access(setup, child):
    north = setup.north
    colleague = join(UserFactory(organisation=north.org, roles=["practitioner"]), north.cin)
    response = client_for(north.cin_manager).post(
        reverse("portal:child_allocate", args=[child.pk]), {"team": north.cin.pk, "worker": colleague.pk}
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.allocated_worker == colleague
    # The previous worker keeps access through the team, but not as the allocated worker.
    reasons = {g.basis for g in child.access_grants.filter(user=north.social_worker, revoked_at__isnull=True)}
    assert reasons == set()


def test_person_pages_role_matrix(setup, child, view_only):
    add = reverse("portal:person_add", args=[child.pk])
    assert client_for(setup.north.social_worker).get(add).status_code == 200
    assert client_for(view_only).get(add).status_code == 403
    assert client_for(setup.south.social_worker).get(add).status_code == 404

    person = PersonFactory()
    relate(child, person)
    edit = reverse("portal:person_edit", args=[person.pk])
    assert client_for(setup.north.social_worker).get(edit).status_code == 200
    assert client_for(setup.south.social_worker).get(edit).status_code == 404
    # Visible through the child, but no right to edit it: 403, not a filled form (finding 9).
    data = {"first_name": "Changed", "last_name": "Name"}
    shown = client_for(view_only).get(edit)
    assert shown.status_code == 403
    assert person.first_name.encode() not in shown.content
    assert client_for(view_only).post(edit, data).status_code == 403


def test_recent_views_are_shown_only_to_those_who_may_read_the_access_log(setup, child, view_only):
    """Finding 8: "Who can see this child" showed the recent views to people refused the log."""
    client_for(setup.north.cin_manager).get(reverse("portal:child_detail", args=[child.pk]))
    access = reverse("portal:child_access", args=[child.pk])
    assert client_for(view_only).get(reverse("portal:child_access_log", args=[child.pk])).status_code == 403
    visitor = client_for(view_only).get(access)
    assert visitor.status_code == 200
    assert b"Recent views of this record" not in visitor.content
    assert str(setup.north.cin_manager).encode() not in visitor.content
    worker = client_for(setup.north.social_worker).get(access)
    assert b"Recent views of this record" in worker.content and str(setup.north.cin_manager).encode() in worker.content


def test_adding_a_significant_other_from_a_third_party(setup, child):
    data = {
        "first_name": "Alex",
        "last_name": "Visitor",
        "kind": "significant_other",
        "source": "third_party",
        "obtained_on_0": "1",
        "obtained_on_1": "3",
        "obtained_on_2": "2026",
    }
    response = client_for(setup.north.social_worker).post(reverse("portal:person_add", args=[child.pk]), data)
    assert response.status_code == 302
    relationship = child.relationships.get()
    assert relationship.source == "third_party"
    page = client_for(setup.north.social_worker).get(reverse("portal:child_detail", args=[child.pk]))
    assert b"Alex Visitor" in page.content


# --- Notifications and escalations ---------------------------------------------------------------


def test_notifications_are_private_to_their_recipient(setup):
    notification, _ = told(
        recipient=setup.north.social_worker, event_key="x", subject="Your screening outcome", link="/children/"
    )
    mine = client_for(setup.north.social_worker)
    assert b"Your screening outcome" in mine.get(reverse("portal:notification_list")).content
    assert (
        b"Your screening outcome"
        not in client_for(setup.north.screener).get(reverse("portal:notification_list")).content
    )

    open_url = reverse("portal:notification_open", args=[notification.pk])
    assert client_for(setup.north.screener).post(open_url).status_code == 404
    assert mine.get(open_url).status_code == 405
    response = mine.post(open_url)
    assert response.status_code == 302 and response.url == "/children/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_notification_links_never_leave_the_portal(setup):
    notification, _ = told(recipient=setup.north.social_worker, event_key="y", subject="x", link="//evil.test/")
    response = client_for(setup.north.social_worker).post(reverse("portal:notification_open", args=[notification.pk]))
    assert response.url == reverse("portal:notification_list")


def test_notification_list_query_count_is_flat(setup):
    client = client_for(setup.north.social_worker)

    def count() -> int:
        return queries_to_get(client, reverse("portal:notification_list"))

    told(recipient=setup.north.social_worker, event_key="n0", subject="n")
    few = count()
    for i in range(1, 20):
        told(recipient=setup.north.social_worker, event_key=f"n{i}", subject="n")
    assert count() == few


@pytest.fixture
def escalation(setup, child):
    escalation, _ = services.escalation_raise(
        subject=child,
        kind=Escalation.Kind.SHARING_ADVICE_REQUESTED,
        level=1,
        organisation=setup.north.org,
        summary="Is it lawful to share with the school?",
        assignees=[setup.north.cin_manager],
        child=child,
    )
    return escalation


def test_escalation_detail_role_matrix(setup, escalation):
    url = reverse("portal:escalation_detail", args=[escalation.pk])
    assert client_for(setup.north.cin_manager).get(url).status_code == 200  # assignee
    assert client_for(setup.north.caldicott).get(url).status_code == 200  # the organisation's guardian
    assert client_for(setup.north.social_worker).get(url).status_code == 200  # the allocated worker sees it
    assert client_for(setup.north.social_worker).post(url, {"action": "acknowledge"}).status_code == 403
    assert client_for(setup.south.caldicott).get(url).status_code == 404
    assert client_for(setup.north.screener).get(url).status_code == 404


def test_an_assignee_acknowledges_and_resolves_with_a_rationale(setup, escalation):
    client = client_for(setup.north.cin_manager)
    url = reverse("portal:escalation_detail", args=[escalation.pk])
    assert client.post(url, {"action": "acknowledge"}).status_code == 302
    response = client.post(url, {"action": "resolve", "resolution": "", "rationale": ""})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter the rationale for the decision" in response.content
    response = client.post(url, {"action": "resolve", "resolution": "Share", "rationale": "Child at risk"})
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == "resolved"
    assert escalation.rationale == "Child at risk"
    # Acting again on a closed escalation is a clear message, not an error page.
    response = client.post(url, {"action": "acknowledge"}, follow=True)
    assert b"already" in response.content


def test_escalation_list_shows_open_items_and_is_flat(setup, child):
    client = client_for(setup.north.caldicott)

    def raise_one():
        subject = make_child(worker=setup.north.social_worker, team=setup.north.cin)
        services.escalation_raise(
            subject=subject,
            kind=Escalation.Kind.CONSENT_OVERRIDDEN,
            level=1,
            organisation=setup.north.org,
            summary="Shared without consent",
            assignees=[setup.north.cin_manager],
            child=subject,
        )

    def count() -> int:
        return queries_to_get(client, reverse("portal:escalation_list"))

    raise_one()
    few = count()
    for _ in range(12):
        raise_one()
    assert count() == few
    assert b"Consent overridden" in client.get(reverse("portal:escalation_list")).content
    assert b"Consent overridden" not in client_for(setup.south.caldicott).get(reverse("portal:escalation_list")).content


def test_notifications_created_by_escalations_reach_the_inbox(setup, escalation):
    assert Notification.objects.filter(
        recipient=setup.north.cin_manager, event_key=f"escalation:{escalation.pk}:raised"
    ).exists()


# --- Production settings -------------------------------------------------------------------------


def test_production_settings_pass_the_deploy_check_with_no_warnings():
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-for-the-check-0123456789",
        "ALLOWED_HOSTS": "portal.example.org",
        "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.org:587",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_an_empty_post_shows_the_error_summary_rather_than_a_blank_form(setup, child):
    for url in [reverse("portal:person_add", args=[child.pk]), reverse("portal:child_allocate", args=[child.pk])]:
        user = setup.north.cin_manager
        response = client_for(user).post(url, {})
        assert response.status_code == 200, url
        assert b"govuk-error-summary" in response.content, url
