"""Two-factor sign-in (django-otp, TOTP with backup codes): nothing is reachable without the code
once enrolled; under PORTAL_REQUIRE_2FA an un-enrolled person is sent to enrol first."""

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SignInEvent
from portal.logs import record_fields
from tests.accounts.helpers import browser, code_for, enrol, sign_in
from tests.factories import UserFactory
from tests.helpers import client_for

# Pages a person who has only given their password may use.
OPEN_BEFORE_THE_CODE = {
    "/sign-in/",
    "/sign-out/",
    "/sign-in/code/",
    "/account/session/ended/",
    "/account/session/status/",
    "/account/session/keep-alive/",
}


def _every_path(patterns=None, prefix: str = "") -> list[str]:
    """A concrete address for every URL pattern in the project (1 for every parameter)."""
    paths = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = str(pattern.pattern)
        route = re.sub(r"<(?:\w+:)?(\w+)>", "1", route).lstrip("^").rstrip("$").replace("\\Z", "")
        if isinstance(pattern, URLResolver):
            paths += _every_path(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern) and not re.search(r"[()\[\]?*+\\]", route):
            paths.append("/" + prefix + route)
    return sorted(set(paths))


@pytest.fixture
def enrolled(setup):
    user = setup.north.caldicott
    return user, enrol(user)


def test_an_enrolled_person_cannot_reach_any_page_with_only_their_password(setup, enrolled):
    user, _device = enrolled
    client = browser()
    response = sign_in(client, user.username)
    assert response.status_code == 302
    code_page = reverse("accounts:verify")
    paths = _every_path() + ["/no-such-page/", "/admin/"]
    assert len(paths) > 60
    for path in paths:
        if path in OPEN_BEFORE_THE_CODE or path.startswith(("/account/password/reset", "/static/")):
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code == 302, (method, path, response.status_code)
            assert response.url.startswith(code_page), (method, path, response.url)


def test_the_code_from_the_app_opens_the_portal_and_a_wrong_one_does_not(setup, enrolled):
    user, device = enrolled
    client = browser()
    sign_in(client, user.username)
    response = client.get(reverse("portal:review_queue"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:verify"))
    assert "Enter the 6-digit code from your authenticator app" in response.content.decode()
    # Only a password so far: no navigation, no name, no count of anything.
    assert "govuk-service-navigation__list" not in response.content.decode()
    assert user.get_full_name() not in response.content.decode()

    wrong = client.post(
        response.redirect_chain[-1][0], {"code": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert "The code is not correct" in wrong.content.decode()
    assert client.get(reverse("portal:home")).status_code == 302

    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        right = client.post(response.redirect_chain[-1][0], {"code": code_for(device)})
        assert right.status_code == 302
        assert right.url == reverse("portal:review_queue")
        assert client.get(reverse("portal:review_queue")).status_code == 200
    kinds = list(SignInEvent.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))
    assert kinds == [SignInEvent.Kind.SIGNED_IN, SignInEvent.Kind.CODE_REFUSED, SignInEvent.Kind.CODE_ACCEPTED]


def test_the_code_page_sends_nobody_elsewhere(setup, enrolled):
    user, device = enrolled
    client = browser()
    sign_in(client, user.username)
    response = client.post(reverse("accounts:verify") + "?next=https://evil.example/", {"code": code_for(device)})
    assert response.status_code == 302
    assert response.url == reverse("portal:home")


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "9" * 5000, "١٢٣٤٥٦", "\x00"])
def test_nonsense_codes_are_form_errors(setup, enrolled, code):
    user, _device = enrolled
    client = browser()
    sign_in(client, user.username)
    response = client.post(reverse("accounts:verify"), {"code": code})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_a_backup_code_works_once(setup, enrolled):
    user, _device = enrolled
    backup = StaticDevice.objects.create(user=user, name="Backup codes")
    backup.token_set.create(token="k3y72m4q")
    first = browser()
    sign_in(first, user.username)
    assert first.post(reverse("accounts:verify"), {"code": "K3Y7 2M4Q"}).status_code == 302
    assert first.get(reverse("portal:home")).status_code == 200
    second = browser()
    sign_in(second, user.username)
    response = second.post(reverse("accounts:verify"), {"code": "k3y7-2m4q"})
    assert response.status_code == 200 and "The code is not correct" in response.content.decode()


def test_people_who_have_not_enrolled_go_straight_in_when_two_factor_is_optional(setup, settings):
    settings.PORTAL_REQUIRE_2FA = False
    client = browser()
    sign_in(client, setup.north.social_worker.username)
    assert client.get(reverse("portal:home")).status_code == 200


def test_when_two_factor_is_required_a_person_who_has_not_enrolled_is_sent_to_enrol(setup, settings):
    settings.PORTAL_REQUIRE_2FA = True
    user = setup.north.social_worker
    client = browser()
    sign_in(client, user.username)
    for path in [reverse("portal:home"), reverse("portal:child_list"), "/admin/", "/no-such-page/"]:
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:enrol")), path

    page = client.get(reverse("accounts:enrol"))
    content = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in content  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    key_shown = re.search(r'data-testid="setup-key">([A-Z2-7 ]+)<', content).group(1).replace(" ", "")
    assert len(key_shown) == 32

    response = client.post(reverse("accounts:enrol"), {"code": code_for(device)})
    assert response.status_code == 302 and response.url == reverse("accounts:backup_codes")
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(reverse("accounts:backup_codes")).content.decode()
    codes = re.findall(r'data-testid="backup-code">([a-z2-7]{4}-[a-z2-7]{4})<', codes_page)
    assert len(codes) == 10 and len(set(codes)) == 10
    # Shown once only.
    assert not re.findall(r'data-testid="backup-code">', client.get(reverse("accounts:backup_codes")).content.decode())
    assert client.get(reverse("portal:home")).status_code == 200
    assert SignInEvent.objects.filter(user=user, kind=SignInEvent.Kind.TWO_FACTOR_ENROLLED).exists()

    # Next time the code is asked for, and a backup code does instead.
    later = browser()
    sign_in(later, user.username)
    assert later.get(reverse("portal:home")).url.startswith(reverse("accounts:verify"))
    assert later.post(reverse("accounts:verify"), {"code": codes[0]}).status_code == 302
    assert later.get(reverse("portal:home")).status_code == 200


def test_a_wrong_code_at_enrolment_leaves_the_app_unconfirmed(setup, settings):
    settings.PORTAL_REQUIRE_2FA = True
    client = browser()
    sign_in(client, setup.north.social_worker.username)
    client.get(reverse("accounts:enrol"))
    response = client.post(reverse("accounts:enrol"), {"code": "12"})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=setup.north.social_worker, confirmed=True).exists()


def test_a_demo_user_can_enrol_from_their_account_page(setup):
    client = client_for(setup.north.social_worker)
    account = client.get(reverse("accounts:account")).content.decode()
    assert reverse("accounts:enrol") in account
    assert client.get(reverse("accounts:enrol")).status_code == 200


def test_an_administrator_resets_two_factor_and_it_is_logged(setup, enrolled, caplog):
    user, _device = enrolled
    StaticDevice.objects.create(user=user, name="Backup codes").token_set.create(token="abcdefgh")
    admin = UserFactory(username="site.admin", is_staff=True, is_superuser=True)
    caplog.set_level(logging.INFO)
    response = client_for(admin).post(
        reverse("admin:portal_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [user.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    event = SignInEvent.objects.get(kind=SignInEvent.Kind.TWO_FACTOR_RESET)
    assert event.user == user and event.actor == admin
    line = next(r for r in caplog.records if r.getMessage() == "two_factor.reset")
    assert record_fields(line)["user_id"] == user.pk and record_fields(line)["actor_id"] == admin.pk
    # The person sets it up again at their next sign-in (when it is required).
    assert "reset by an administrator" in client_for(user).get(reverse("accounts:account")).content.decode()


def test_new_backup_codes_replace_the_old_ones(setup, enrolled):
    user, device = enrolled
    StaticDevice.objects.create(user=user, name="Backup codes").token_set.create(token="abcdefgh")
    client = browser()
    sign_in(client, user.username)
    client.post(reverse("accounts:verify"), {"code": code_for(device)})
    page = client.get(reverse("accounts:backup_codes")).content.decode()
    assert "You have 1 backup code left" in page
    fresh = client.post(reverse("accounts:backup_codes")).content.decode()
    codes = re.findall(r'data-testid="backup-code">([a-z2-7]{4}-[a-z2-7]{4})<', fresh)
    assert len(codes) == 10
    assert not StaticDevice.objects.filter(user=user, token_set__token="abcdefgh").exists()
    assert SignInEvent.objects.filter(user=user, kind=SignInEvent.Kind.BACKUP_CODES_ISSUED).exists()


def test_an_enrolled_person_cannot_replace_their_app_with_only_a_password(setup, enrolled):
    user, device = enrolled
    client = browser()
    sign_in(client, user.username)
    response = client.post(reverse("accounts:enrol"), {"code": "123456"})
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:verify"))
    assert list(TOTPDevice.objects.filter(user=user)) == [device]
