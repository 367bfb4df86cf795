"""Two middlewares, after django-otp's OTPMiddleware:

* SessionTimeoutMiddleware ends a session that has been idle too long or has reached its absolute
  limit, and records activity otherwise (not for the page's own "how long is left?" question).
* TwoFactorMiddleware stops a person who has given only their password: with an authenticator app
  set up they are sent for the code, for every address (the admin and unknown addresses included);
  without one, when PORTAL_REQUIRE_2FA is on, they are sent to set one up. Only the views marked
  with `two_factor_exempt` (signing in and out, the code page, public password-reset pages) or
  `enrolment_view` (setting up the app) are open to them.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from accounts import selectors, sessions

ALWAYS = "always"
ENROLMENT = "enrolment"


def two_factor_exempt(view):
    """Open to a person who has given their password but not yet their code."""
    view.two_factor_exempt = ALWAYS
    return view


def enrolment_view(view):
    """Open to a person who has not set up two-factor sign-in yet, so that they can."""
    view.two_factor_exempt = ENROLMENT
    return view


def _exemption(request) -> str:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return ""
    return getattr(match.func, "two_factor_exempt", "")


def _to(url_name: str, request, **params) -> str:
    params = {key: value for key, value in params.items() if value}
    url = reverse(url_name)
    return f"{url}?{urlencode(params)}" if params else url


def _next(request) -> str:
    return request.get_full_path() if request.method == "GET" else ""


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = sessions.why_ended(request.session)
            if reason:
                request.session_ended = reason
                next_path = _next(request)
                logout(request)
                ended_page = reverse("accounts:session_ended")
                if request.path_info != ended_page:
                    return redirect(_to("accounts:session_ended", request, reason=reason, next=next_path))
            elif request.path_info != reverse("accounts:session_status"):
                sessions.record_activity(request.session)
        return self.get_response(request)


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        request.sign_in_incomplete = False
        if user.is_authenticated and not user.is_verified():
            enrolled = selectors.has_two_factor(user=user)
            # The pages still open (the code page, enrolment) show no navigation or name.
            request.sign_in_incomplete = enrolled or settings.PORTAL_REQUIRE_2FA
            exemption = _exemption(request)
            if exemption != ALWAYS:
                if enrolled:
                    return redirect(_to("accounts:verify", request, next=_next(request)))
                if settings.PORTAL_REQUIRE_2FA and exemption != ENROLMENT:
                    return redirect(_to("accounts:enrol", request, next=_next(request)))
        return self.get_response(request)
