"""Changing a password, and resetting a forgotten one by email, with GOV.UK pages."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from accounts.models import SignInEvent
from tests.accounts.helpers import browser, code_for, enrol, sign_in
from tests.factories import PASSWORD
from tests.helpers import client_for

NEW_PASSWORD = "a-brand-new-passphrase-2026"


def test_a_password_is_changed_and_the_old_one_stops_working(setup):
    user = setup.north.social_worker
    client = client_for(user)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200 and "Change your password" in page.content.decode()
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    # Still signed in on this browser.
    assert client.get(reverse("portal:home")).status_code == 200
    assert sign_in(browser(), user.username, PASSWORD).status_code == 200
    assert sign_in(browser(), user.username, NEW_PASSWORD).status_code == 302
    assert SignInEvent.objects.filter(user=user, kind=SignInEvent.Kind.PASSWORD_CHANGED).exists()


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short-pass1", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("123456789012345", "This password is entirely numeric."),
    ],
)
def test_a_weak_new_password_is_refused_with_a_govuk_error(setup, new, message):
    client = client_for(setup.north.social_worker)
    response = client.post(
        reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert message in content


def test_a_forgotten_password_is_reset_by_email_end_to_end(setup):
    user = setup.north.social_worker
    client = browser()
    assert "Forgotten your password?" in client.get(reverse("login")).content.decode()
    response = client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_sent")
    assert "Check your email" in client.get(response.url).content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    link = re.search(r"https?://[^/\s]+(/account/password/reset/\S+/)", message.body).group(1)
    page = client.get(link, follow=True)
    assert "Choose a new password" in page.content.decode()
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done.url == reverse("accounts:password_reset_done")
    assert "Your password has been changed" in client.get(done.url).content.decode()
    # Resetting does not sign anyone in.
    assert SESSION_KEY not in client.session
    assert sign_in(browser(), user.username, NEW_PASSWORD).status_code == 302
    assert SignInEvent.objects.filter(user=user, kind=SignInEvent.Kind.PASSWORD_RESET).exists()
    # The link works once.
    assert "no longer works" in client.get(link, follow=True).content.decode()


def test_an_unknown_email_gets_the_same_answer_and_no_email(setup):
    response = browser().post(reverse("accounts:password_reset"), {"email": "nobody@example.test"})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_sent")
    assert mail.outbox == []


def test_a_reset_password_still_needs_the_code_for_an_enrolled_person(setup):
    user = setup.north.social_worker
    device = enrol(user)
    client = browser()
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/account/password/reset/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    signed = browser()
    sign_in(signed, user.username, NEW_PASSWORD)
    assert signed.get(reverse("portal:home")).url.startswith(reverse("accounts:verify"))
    assert signed.post(reverse("accounts:verify"), {"code": code_for(device)}).status_code == 302


def test_resetting_a_password_lifts_a_lockout_on_the_name(setup):
    user = setup.north.social_worker
    for _ in range(6):
        sign_in(browser(), user.username, "wrong")
    assert sign_in(browser(), user.username).status_code == 429
    client = browser()
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/account/password/reset/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert sign_in(browser(), user.username, NEW_PASSWORD).status_code == 302
