"""Reads about signing in, for the person themselves."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SignInEvent
from portal.models import User

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)  # before any sign-in: with none, every failure counts


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
    """The sign-in before this one, and how many failed attempts on the account came after it (all
    of them when there was none before): one query, on the home page of every sign-in (issue 14)."""
    signed_in = SignInEvent.objects.filter(user=user, kind=SignInEvent.Kind.SIGNED_IN).order_by("-at", "-pk")
    failures = (
        SignInEvent.objects.filter(user=user, kind__in=SignInEvent.FAILURES)
        .filter(at__gt=Coalesce(OuterRef("previous_at"), Value(EARLIEST)))
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    row: Any = (
        User.objects.filter(pk=user.pk)
        .annotate(
            previous_id=Subquery(signed_in.values("pk")[1:2]),
            previous_at=Subquery(signed_in.values("at")[1:2]),
            previous_address=Subquery(signed_in.values("address")[1:2]),
        )
        .annotate(failures=Coalesce(Subquery(failures), 0))
        .values("previous_id", "previous_at", "previous_address", "failures")
        .first()
    )
    if row is None:
        return PreviousSignIn(event=None, failures_since=0)
    previous = None
    if row["previous_id"] is not None:
        previous = SignInEvent(
            pk=row["previous_id"],
            user=user,
            kind=SignInEvent.Kind.SIGNED_IN,
            at=row["previous_at"],
            address=row["previous_address"],
        )
    return PreviousSignIn(event=previous, failures_since=row["failures"])
