"""Every write about signing in: the audit, enrolment in two-factor sign-in, backup codes, and an
administrator's reset. Operational log lines carry primary keys only, never a name or address."""

import logging
from dataclasses import dataclass

import django_otp
from django.db import transaction
from django.http import HttpRequest
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.addresses import client_address
from accounts.models import SignInEvent
from portal.logs import log_event
from portal.models import User

logger = logging.getLogger(__name__)

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"
# Operational event names for the audit's kinds.
_LOG_NAMES = {
    SignInEvent.Kind.SIGNED_IN: "sign_in.succeeded",
    SignInEvent.Kind.FAILED: "sign_in.failed",
    SignInEvent.Kind.LOCKED_OUT: "sign_in.locked_out",
    SignInEvent.Kind.CODE_ACCEPTED: "two_factor.code_accepted",
    SignInEvent.Kind.CODE_REFUSED: "two_factor.code_refused",
    SignInEvent.Kind.SIGNED_OUT: "sign_out",
    SignInEvent.Kind.TIMED_OUT: "sign_out.timed_out",
    SignInEvent.Kind.TWO_FACTOR_ENROLLED: "two_factor.enrolled",
    SignInEvent.Kind.BACKUP_CODES_ISSUED: "two_factor.backup_codes_issued",
    SignInEvent.Kind.TWO_FACTOR_RESET: "two_factor.reset",
    SignInEvent.Kind.PASSWORD_CHANGED: "password.changed",
    SignInEvent.Kind.PASSWORD_RESET: "password.reset",
}


def sign_in_event_record(
    *,
    kind: str,
    request: HttpRequest | None,
    user: User | None = None,
    username: str = "",
    actor: User | None = None,
) -> SignInEvent:
    """Add one event to the audit, and one operational log line (primary keys only)."""
    if user is not None and not username:
        username = user.get_username()
    event = SignInEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or "")[:150],
        address=client_address(request) if request is not None else None,
        actor=actor,
    )
    fields = {"user_id": user.pk if user else None}
    if actor is not None:
        fields["actor_id"] = actor.pk
    level = logging.WARNING if kind in SignInEvent.FAILURES else logging.INFO
    log_event(logger, _LOG_NAMES[SignInEvent.Kind(kind)], level=level, **fields)
    return event


def user_for_name(username: str) -> User | None:
    """The account a typed name belongs to, as the sign-in backend would find it."""
    if not username:
        return None
    return User._default_manager.filter(**{User.USERNAME_FIELD: username[:150]}).first()


# --- Two-factor sign-in --------------------------------------------------------------------------


def two_factor_verify(*, request: HttpRequest, user: User, code: str) -> Device | None:
    """The device that accepts the code (the authenticator app for 6 digits, otherwise a backup
    code, which is then used up), or None. Throttled by django-otp after each wrong code."""
    if len(code) == 6 and code.isascii() and code.isdigit():
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    accepted = None
    for device in devices:
        accepted = django_otp.verify_token(user, device.persistent_id, code)
        if accepted is not None:
            break
    kind = SignInEvent.Kind.CODE_ACCEPTED if accepted else SignInEvent.Kind.CODE_REFUSED
    sign_in_event_record(kind=kind, request=request, user=user)
    return accepted


def two_factor_throttled(*, user: User) -> bool:
    """Whether too many wrong codes mean the next one will not even be checked yet."""
    devices = [*TOTPDevice.objects.filter(user=user, confirmed=True)]
    return bool(devices) and all(not device.verify_is_allowed()[0] for device in devices)


def two_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """The authenticator app being set up: a new secret, not yet confirmed (the same one again if
    the person reloads the page before confirming)."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return pending or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    backup_codes: list[str]


def two_factor_enrolment_confirm(
    *, request: HttpRequest, user: User, device: TOTPDevice, code: str
) -> Enrolment | None:
    """Confirm the app with a code it shows: it replaces any earlier app, and new backup codes are
    made. None if the code is wrong."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        if not device.verify_token(code):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _backup_codes_replace(user=user)
    sign_in_event_record(kind=SignInEvent.Kind.TWO_FACTOR_ENROLLED, request=request, user=user)
    return Enrolment(device=device, backup_codes=codes)


def _backup_codes_replace(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_CODES_NAME, confirmed=True)
    codes: list[str] = []
    while len(codes) < BACKUP_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def backup_codes_issue(*, request: HttpRequest, user: User) -> list[str]:
    """New backup codes; the old ones stop working."""
    with transaction.atomic():
        codes = _backup_codes_replace(user=user)
    sign_in_event_record(kind=SignInEvent.Kind.BACKUP_CODES_ISSUED, request=request, user=user)
    return codes


def two_factor_reset(*, request: HttpRequest | None, actor: User, user: User) -> None:
    """An administrator removes someone's authenticator app and backup codes (a lost phone): they
    set up a new app at their next sign-in when two-factor sign-in is required."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    sign_in_event_record(kind=SignInEvent.Kind.TWO_FACTOR_RESET, request=request, user=user, actor=actor)
