"""Where a request came from, for the lockout (django-axes) and the sign-in audit alike.

Directly connected, that is REMOTE_ADDR. Behind PORTAL_TRUSTED_PROXIES reverse proxies (a load
balancer, say) every request's REMOTE_ADDR is the proxy, so the client is the address the outermost
trusted proxy saw: that many entries from the right of X-Forwarded-For. Entries further left were
written by the client and can say anything.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    proxies = settings.PORTAL_TRUSTED_PROXIES
    if proxies:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return _valid(forwarded[-proxies])
    return _valid(request.META.get("REMOTE_ADDR", ""))
