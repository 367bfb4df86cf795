"""Lockout after repeated wrong passwords (django-axes): per name and per address, on the portal's
sign-in and the admin's, with one GOV.UK message that does not say whether the account exists."""

from datetime import timedelta

import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from tests.accounts.helpers import browser, main_content, sign_in
from tests.factories import UserFactory


def _wrong(client, username: str, times: int, path: str = "login"):
    return [sign_in(client, username, "not-the-password", path=path) for _ in range(times)]


def test_the_sixth_wrong_password_locks_the_account(setup):
    caldicott = setup.north.caldicott.username
    client = browser()
    for response in _wrong(client, caldicott, 5):
        assert response.status_code == 200
        assert "Enter a correct username and password" in response.content.decode()
    sixth = _wrong(client, caldicott, 1)[0]
    assert sixth.status_code == 429
    assert "Sign-in is paused" in sixth.content.decode()
    # The right password no longer works, from here or from anywhere else.
    for attempt in (client, browser("198.51.100.20")):
        response = sign_in(attempt, caldicott)
        assert response.status_code == 429
        assert SESSION_KEY not in attempt.session


def test_the_admin_sign_in_locks_the_same_way(db):
    admin = UserFactory(username="site.admin", is_staff=True, is_superuser=True)
    client = browser()
    admin_login = reverse("admin:login")
    for response in _wrong(client, admin.username, 5, path=admin_login):
        assert response.status_code == 200
    assert _wrong(client, admin.username, 1, path=admin_login)[0].status_code == 429
    response = sign_in(client, admin.username, path=admin_login)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    # And the portal's own sign-in refuses the name too.
    assert sign_in(browser("198.51.100.21"), admin.username).status_code == 429


def test_the_lock_on_a_name_holds_whichever_address_the_attempts_come_from(setup):
    name = setup.north.social_worker.username
    for number in range(6):
        last = sign_in(browser(f"198.51.100.{number + 1}"), name, "wrong")
    assert last.status_code == 429
    assert sign_in(browser("198.51.100.99"), name).status_code == 429


def test_the_message_is_the_same_whether_or_not_the_account_exists(setup):
    real, invented = browser("198.51.100.30"), browser("198.51.100.31")
    locked_real = _wrong(real, setup.north.caldicott.username, 6)[-1]
    locked_invented = _wrong(invented, "no.such.person", 6)[-1]
    assert locked_real.status_code == locked_invented.status_code == 429
    assert main_content(locked_real) == main_content(locked_invented)
    assert setup.north.caldicott.username not in locked_real.content.decode()


def test_one_address_trying_many_names_is_locked_out_too(setup, settings):
    settings.PORTAL_SIGN_IN_ADDRESS_FAILURE_LIMIT = 12
    client = browser("198.51.100.40")
    for number in range(12):
        response = sign_in(client, f"guessed.name{number}", "password123")
    assert response.status_code == 429
    # Even a real person with the right password, from that address; not from another one.
    assert sign_in(client, setup.north.screener.username).status_code == 429
    assert sign_in(browser("198.51.100.41"), setup.north.screener.username).status_code == 302


def test_a_few_mistakes_across_an_office_do_not_lock_the_office(setup):
    office = "198.51.100.50"
    for user in [setup.north.social_worker, setup.north.screener, setup.north.cin_manager]:
        _wrong(browser(office), user.username, 2)
    assert sign_in(browser(office), setup.north.social_worker.username).status_code == 302


def test_a_successful_sign_in_starts_the_count_again(setup):
    name = setup.north.social_worker.username
    client = browser("198.51.100.60")
    _wrong(client, name, 5)
    assert sign_in(client, name).status_code == 302
    client.post(reverse("logout"))
    assert all(response.status_code == 200 for response in _wrong(client, name, 5))


def test_the_lock_ends_after_the_cool_off(setup):
    name = setup.north.social_worker.username
    _wrong(browser(), name, 6)
    assert sign_in(browser(), name).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert sign_in(browser(), name).status_code == 302
