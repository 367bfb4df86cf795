"""Lockout after failed sign-ins (django-axes), per name and per address.

Axes counts failures for each lockout parameter (AXES_LOCKOUT_PARAMETERS = ["username",
"ip_address"]) and compares the largest count with one limit, AXES_FAILURE_LIMIT. A name gets few
tries; an address gets more (PORTAL_SIGN_IN_ADDRESS_FAILURE_LIMIT), since one council office can
sit behind one address. This handler puts the address's count on the name's scale before Axes
compares it, so each parameter meets its own limit.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


class SignInAttemptHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        attempts = self.get_user_attempts(request, credentials)
        counts = {
            str(parameter): queryset.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for parameter, queryset in zip(settings.AXES_LOCKOUT_PARAMETERS, attempts, strict=True)
        }
        name_limit = settings.AXES_FAILURE_LIMIT
        by_address = counts.pop("ip_address", 0) * name_limit // settings.PORTAL_SIGN_IN_ADDRESS_FAILURE_LIMIT
        return max([by_address, *counts.values()])


def locked_out_response(request, original_response=None, credentials=None):
    """The same GOV.UK page whether or not the name belongs to anyone."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
