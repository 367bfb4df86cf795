"""Root URLs: the core and each workflow app under its own prefix, signing in, accounts and the
admin. Error pages are the templates 400.html, 403.html, 403_csrf.html, 404.html and 500.html."""

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

urlpatterns = [
    path("", include("portal.urls")),
    path("sharing/", include("sharing.urls")),
    path("referrals/", include("referrals.urls")),
    path("transfers/", include("transfers.urls")),
    path("early-intervention/", include("early_intervention.urls")),
    path("intelligence/", include("intelligence.urls")),  # issue 16 §1
    path("subject-access/", include("subject_rights.urls")),  # issue 17
    path("retention/", include("retention.urls")),
    # Early Intervention moves lived under /transfers/ei/: links already sent in notifications and
    # emails, and bookmarks, still reach the move.
    re_path(
        r"^transfers/ei/(?P<rest>.*)$",
        RedirectView.as_view(url="/early-intervention/%(rest)s", permanent=True, query_string=True),
    ),
    path("meetings/", include("meetings.urls")),  # issue 16 part 2: professionals meetings
    path("", include("accounts.sign_in_urls")),
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
]
