"""The sign-in audit: every sign-in, failure, lockout and sign-out, for administrators (read-only)
and for the person themselves ("last signed in at …")."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import SignInEvent
from portal.logs import record_fields
from tests.accounts.helpers import ADDRESS, browser, sign_in
from tests.factories import PASSWORD, UserFactory
from tests.helpers import client_for

Kind = SignInEvent.Kind


def test_sign_ins_failures_lockouts_and_sign_outs_are_recorded(setup):
    worker = setup.north.social_worker
    client = browser()
    sign_in(client, worker.username, "wrong-password-1")
    sign_in(client, worker.username)
    client.post(reverse("logout"))
    for _ in range(6):
        sign_in(client, "no.such.person", "guess")

    events = list(SignInEvent.objects.order_by("pk"))
    assert [e.kind for e in events[:3]] == [Kind.FAILED, Kind.SIGNED_IN, Kind.SIGNED_OUT]
    assert [e.user for e in events[:3]] == [worker, worker, worker]
    assert {e.address for e in events} == {ADDRESS}
    assert all(e.username == worker.username for e in events[:3])
    attempts = events[3:]
    assert [e.kind for e in attempts] == [Kind.FAILED] * 5 + [Kind.LOCKED_OUT]
    assert {e.username for e in attempts} == {"no.such.person"} and {e.user for e in attempts} == {None}
    assert all(abs(e.at - timezone.now()) < timedelta(minutes=1) for e in events)


def test_the_password_is_never_recorded(setup):
    sign_in(browser(), setup.north.social_worker.username, "Secret-typo-12345")
    sign_in(browser(), "Secret-typo-12345", "Secret-typo-12345")  # typed into the wrong box
    for event in SignInEvent.objects.all():
        values = [str(getattr(event, field.attname)) for field in SignInEvent._meta.concrete_fields]
        assert PASSWORD not in " ".join(values)
    assert not any(field.name.startswith("pass") for field in SignInEvent._meta.get_fields())


def test_operational_log_lines_carry_no_name_or_address(setup, caplog):
    caplog.set_level("INFO")
    sign_in(browser(), setup.north.social_worker.username, "wrong")
    sign_in(browser(), setup.north.social_worker.username)
    lines = [r for r in caplog.records if r.name.startswith("accounts")]
    assert {r.getMessage() for r in lines} >= {"sign_in.failed", "sign_in.succeeded"}
    for record in lines:
        text = record.getMessage() + repr(record_fields(record))
        assert setup.north.social_worker.username not in text and ADDRESS not in text


def test_administrators_see_the_audit_and_cannot_change_it(setup):
    admin = UserFactory(username="site.admin", is_staff=True, is_superuser=True)
    sign_in(browser(), setup.north.social_worker.username, "wrong")
    event = SignInEvent.objects.get()
    client = client_for(admin)
    listing = client.get(reverse("admin:accounts_signinevent_changelist"))
    assert listing.status_code == 200
    assert setup.north.social_worker.username in listing.content.decode()
    assert client.get(reverse("admin:accounts_signinevent_add")).status_code == 403
    page = client.get(reverse("admin:accounts_signinevent_change", args=[event.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.post(reverse("admin:accounts_signinevent_delete", args=[event.pk])).status_code == 403
    assert SignInEvent.objects.filter(pk=event.pk).exists()


def test_a_person_sees_when_they_last_signed_in_and_their_recent_activity(setup):
    worker = setup.north.social_worker
    earlier = timezone.now() - timedelta(days=2)
    with time_machine.travel(earlier, tick=False):
        sign_in(browser("198.51.100.7"), worker.username)
    sign_in(browser(), worker.username, "wrong")
    client = browser()
    sign_in(client, worker.username)

    home = client.get(reverse("portal:home")).content.decode()
    shown = timezone.localtime(earlier)
    assert "Last signed in" in home
    assert f"{shown:%-d %B %Y}" in home and f"{shown:%H:%M}" in home
    assert "1 failed attempt to sign in since then" in home

    account = client.get(reverse("accounts:account")).content.decode()
    assert "198.51.100.7" in account
    assert account.count('data-testid="sign-in-event"') == 3
    # Nobody else's activity is there.
    sign_in(browser("192.0.2.99"), setup.north.screener.username)
    assert "192.0.2.99" not in client.get(reverse("accounts:account")).content.decode()


def test_the_first_sign_in_says_there_is_no_earlier_one(setup):
    client = browser()
    sign_in(client, setup.north.social_worker.username)
    assert "This is your first sign-in" in client.get(reverse("portal:home")).content.decode()
