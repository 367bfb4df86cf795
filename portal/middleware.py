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
