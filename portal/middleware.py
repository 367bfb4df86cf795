"""Headers every response carries.

* ``Permissions-Policy``: the portal uses no camera, microphone, location or other powerful browser
  feature, so every one is switched off for it and for anything it might ever embed.
* ``Cache-Control``: nothing the application writes (pages about children, CSV exports, the sign-in
  form with its CSRF token) may be kept by a browser, a shared computer's history cache or a proxy.
  Only static files (served by whitenoise, with their own long-lived caching) are cacheable.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class ResponseHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PORTAL_PERMISSIONS_POLICY)
        if not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is larger than PORTAL_MAX_REQUEST_BYTES before anything
    reads it: Django would otherwise stream a huge upload to a temporary file before the form could
    say it is too large. Middleware only looks at the body in `process_view` (CSRF, for one), which
    runs after this. A body sent without a length is never read by Django at all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.PORTAL_MAX_REQUEST_BYTES:
            from django.shortcuts import render

            from portal import documents

            context = {"megabytes": documents.MAX_DOCUMENT_MEGABYTES}
            return render(request, "413.html", context, status=413)
        return self.get_response(request)
