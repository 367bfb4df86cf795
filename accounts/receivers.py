"""Django's sign-in signals into the audit. A failed sign-in fires `user_login_failed` whether the
password was wrong or django-axes refused the attempt (its backend raises PermissionDenied); axes'
own receiver runs first and marks the request when the name or address is locked out."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts import services, sessions
from accounts.models import SignInEvent


@receiver(user_logged_in, dispatch_uid="accounts.signed_in")
def signed_in(sender, request, user, **kwargs) -> None:
    services.sign_in_event_record(kind=SignInEvent.Kind.SIGNED_IN, request=request, user=user)
    if request is not None and hasattr(request, "session"):
        sessions.start(request.session)


@receiver(user_login_failed, dispatch_uid="accounts.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username") or "")
    locked = bool(getattr(request, "axes_locked_out", False))
    services.sign_in_event_record(
        kind=SignInEvent.Kind.LOCKED_OUT if locked else SignInEvent.Kind.FAILED,
        request=request,
        user=services.user_for_name(username),
        username=username,
    )


@receiver(user_logged_out, dispatch_uid="accounts.signed_out")
def signed_out(sender, request, user, **kwargs) -> None:
    if user is None:
        return
    ended_by_portal = bool(getattr(request, "session_ended", ""))
    services.sign_in_event_record(
        kind=SignInEvent.Kind.TIMED_OUT if ended_by_portal else SignInEvent.Kind.SIGNED_OUT,
        request=request,
        user=user,
    )
