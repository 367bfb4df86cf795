"""Pages for signing in with a code, setting up two-factor sign-in, backup codes, the account page
and the session's timeout. Thin: services write, selectors read."""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import selectors, services, sessions
from accounts.forms import CodeForm, EnrolCodeForm
from accounts.middleware import enrolment_view, two_factor_exempt
from portal.pages import posted

BACKUP_CODES_TO_SHOW = "accounts.backup_codes_to_show"


def safe_next(request: HttpRequest) -> str:
    """Where to go afterwards: a path on this site, never another site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("portal:home")


@two_factor_exempt
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code from the authenticator app, or a backup code."""
    user = request.user
    if user.is_verified() or not selectors.has_two_factor(user=user):
        return redirect(safe_next(request))
    form = CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        # Too many wrong codes: django-otp will not check another for a while, however right.
        throttled = services.two_factor_throttled(user=user)
        device = services.two_factor_verify(request=request, user=user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(safe_next(request))
        if throttled:
            form.add_error("code", "You have entered too many wrong codes. Wait a minute, then try again")
        else:
            form.add_error("code", "The code is not correct. Enter the code your app shows now, or a backup code")
    return render(request, "accounts/verify.html", {"form": form, "next": safe_next(request)})


def _qr_code(device) -> str:
    """The app's set-up link as an SVG drawn here (nothing is sent to another site)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#0b0c0c", light="#ffffff", border=4)
    return mark_safe(svg)  # noqa: S308 - segno's own SVG of a URL the portal made


def _setup_key(device) -> str:
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@enrolment_view
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up (or replace) the authenticator app. Someone who has an app and has not given its code
    this session cannot replace it: that would let a stolen password replace the second factor."""
    user = request.user
    if not user.is_verified() and selectors.has_two_factor(user=user):
        return redirect("accounts:verify")
    device = services.two_factor_enrolment_start(user=user)
    form = EnrolCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        enrolment = services.two_factor_enrolment_confirm(
            request=request, user=user, device=device, code=form.cleaned_data["code"]
        )
        if enrolment is not None:
            otp_login(request, enrolment.device)
            request.session[BACKUP_CODES_TO_SHOW] = enrolment.backup_codes
            return redirect("accounts:backup_codes")
        form.add_error("code", "The code is not correct. Enter the code your app shows now")
    context = {
        "form": form,
        "qr_code": _qr_code(device),
        "setup_key": _setup_key(device),
        "replacing": selectors.has_two_factor(user=user),
        "required": settings.PORTAL_REQUIRE_2FA,
    }
    return render(request, "accounts/enrol.html", context)


def backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes are shown once, straight after they are made."""
    user = request.user
    if not selectors.has_two_factor(user=user):
        return redirect("accounts:enrol")
    codes = request.session.pop(BACKUP_CODES_TO_SHOW, None)
    if request.method == "POST":
        codes = services.backup_codes_issue(request=request, user=user)
    context = {
        "codes": [f"{code[:4]}-{code[4:]}" for code in codes or []],
        "left": selectors.backup_codes_left(user=user),
    }
    return render(request, "accounts/backup_codes.html", context)


def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "previous": selectors.previous_sign_in(user=user),
        "events": selectors.sign_in_events_for(user=user)[:20],
        "has_two_factor": selectors.has_two_factor(user=user),
        "backup_codes_left": selectors.backup_codes_left(user=user),
        "required": settings.PORTAL_REQUIRE_2FA,
    }
    return render(request, "accounts/account.html", context)


# --- The session's timeout (accounts.sessions; the warning is static/accounts/session-timeout.js) -


@login_not_required
@two_factor_exempt
def session_status(request: HttpRequest) -> JsonResponse:
    """How many seconds the session has left. Asking is not activity (the middleware skips it)."""
    if not request.user.is_authenticated:
        return JsonResponse({"seconds_left": 0})
    return JsonResponse({"seconds_left": max(0, int(sessions.seconds_left(request.session)))})


@require_POST
@two_factor_exempt
def keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in" from the warning."""
    sessions.record_activity(request.session, force=True)
    return HttpResponse(status=204)


@login_not_required
@two_factor_exempt
def session_ended(request: HttpRequest) -> HttpResponse:
    """Where the portal sends someone it has signed out. Someone still signed in (active in another
    tab) goes back to where they were."""
    if request.user.is_authenticated:
        return redirect(safe_next(request))
    reason = request.GET.get("reason", "idle")
    context = {
        "reason": reason if reason in ("idle", "limit") else "idle",
        "idle_minutes": settings.PORTAL_IDLE_TIMEOUT_SECONDS // 60,
        "limit_hours": settings.SESSION_COOKIE_AGE // 3600,
        "next": safe_next(request),
    }
    return render(request, "accounts/session_ended.html", context)
