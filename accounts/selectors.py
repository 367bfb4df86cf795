"""Reads about signing in, for the person themselves."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SignInEvent
from portal.models import User


def has_two_factor(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def sign_in_events_for(*, user: User) -> QuerySet[SignInEvent]:
    """The person's own sign-in history, newest first."""
    return SignInEvent.objects.filter(user=user).select_related("actor")


@dataclass(frozen=True)
class PreviousSignIn:
    event: SignInEvent | None  # None: this is the first sign-in
    failures_since: int


def previous_sign_in(*, user: User) -> PreviousSignIn:
    """The sign-in before this one, and how many failed attempts on the account came after it."""
    signed_in = sign_in_events_for(user=user).filter(kind=SignInEvent.Kind.SIGNED_IN)
    recent = list(signed_in[:2])
    previous = recent[1] if len(recent) > 1 else None
    failures = sign_in_events_for(user=user).filter(kind__in=SignInEvent.FAILURES)
    if previous is not None:
        failures = failures.filter(at__gt=previous.at)
    return PreviousSignIn(event=previous, failures_since=failures.count())
