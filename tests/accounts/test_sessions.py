"""Sessions end after PORTAL_IDLE_TIMEOUT_SECONDS without activity (with a warning first, in the
page), and after SESSION_COOKIE_AGE however active."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from accounts.models import SignInEvent
from tests.accounts.helpers import browser, sign_in


@pytest.fixture(autouse=True)
def idle_timeout(settings):
    # The default everywhere but the rest of the test suite (config/settings/test.py).
    settings.PORTAL_IDLE_TIMEOUT_SECONDS = 30 * 60


@pytest.fixture
def signed_in(setup):
    client = browser()
    sign_in(client, setup.north.social_worker.username)
    return client


def test_the_idle_timeout_is_30_minutes_unless_set():
    from config.settings import base

    assert base.PORTAL_IDLE_TIMEOUT_SECONDS == 30 * 60


def test_an_idle_session_ends(setup, signed_in):
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = signed_in.get(reverse("portal:child_list"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:session_ended"))
        assert SESSION_KEY not in signed_in.session
        page = signed_in.get(response.url)
        assert "You have been signed out" in page.content.decode()
        assert "30 minutes" in page.content.decode()
        assert signed_in.get(reverse("portal:home")).url.startswith(reverse("login"))
    event = SignInEvent.objects.filter(user=setup.north.social_worker).latest("pk")
    assert event.kind == SignInEvent.Kind.TIMED_OUT


def test_using_the_portal_keeps_the_session(setup, signed_in):
    now = timezone.now()
    for minutes in (20, 40, 60, 80):
        with time_machine.travel(now + timedelta(minutes=minutes)):
            assert signed_in.get(reverse("portal:home")).status_code == 200


def test_the_absolute_limit_ends_even_a_busy_session(setup, signed_in, settings):
    now = timezone.now()
    limit_minutes = settings.SESSION_COOKIE_AGE // 60
    for minutes in range(20, limit_minutes, 20):
        with time_machine.travel(now + timedelta(minutes=minutes)):
            assert signed_in.get(reverse("portal:home")).status_code == 200, minutes
    with time_machine.travel(now + timedelta(minutes=limit_minutes + 1)):
        response = signed_in.get(reverse("portal:home"))
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:session_ended"))


def test_asking_how_long_is_left_is_not_activity(setup, signed_in):
    now = timezone.now()
    with time_machine.travel(now + timedelta(minutes=25)):
        status = signed_in.get(reverse("accounts:session_status")).json()
        assert 4 * 60 <= status["seconds_left"] <= 5 * 60
    with time_machine.travel(now + timedelta(minutes=31)):
        assert signed_in.get(reverse("portal:home")).status_code == 302


def test_staying_signed_in_from_the_warning_extends_the_session(setup, signed_in):
    now = timezone.now()
    with time_machine.travel(now + timedelta(minutes=29)):
        assert signed_in.post(reverse("accounts:keep_alive")).status_code == 204
    with time_machine.travel(now + timedelta(minutes=50)):
        assert signed_in.get(reverse("portal:home")).status_code == 200


def test_signed_in_pages_carry_the_timeout_warning(setup, signed_in, settings):
    content = signed_in.get(reverse("portal:home")).content.decode()
    assert f'data-idle-seconds="{settings.PORTAL_IDLE_TIMEOUT_SECONDS}"' in content
    assert "You are about to be signed out" in content
    assert "session-timeout.js" in content
    assert "session-timeout.js" not in browser().get(reverse("login")).content.decode()


def test_the_session_ended_page_sends_a_person_still_signed_in_back(setup, signed_in):
    response = signed_in.get(reverse("accounts:session_ended") + "?next=/children/")
    assert response.status_code == 302 and response.url == "/children/"
    response = signed_in.get(reverse("accounts:session_ended") + "?next=https://evil.example/")
    assert response.url == reverse("portal:home")
