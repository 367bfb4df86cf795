"""Signing in as a person does, through the pages, from a known address."""

import re

from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD

ADDRESS = "203.0.113.7"


def browser(address: str = ADDRESS, **kwargs) -> Client:
    return Client(REMOTE_ADDR=address, **kwargs)


def sign_in(client: Client, username: str, password: str = PASSWORD, *, path: str = "login"):
    return client.post(reverse(path) if path == "login" else path, {"username": username, "password": password})


def enrol(user) -> TOTPDevice:
    """A confirmed authenticator app for the user, as the enrolment page leaves it."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """The six digits the person's authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def main_content(response) -> str:
    """What the page says, without the parts that change on every request (CSRF token, nonce)."""
    content = response.content.decode()
    main = re.search(r"<main.*?</main>", content, re.S).group(0)
    return re.sub(r'value="[^"]{32,}"', 'value=""', main)
