"""Root URLs: the core and each workflow app under its own prefix, sign-in and the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView

urlpatterns = [
    path("", include("portal.urls")),
    path("sharing/", include("sharing.urls")),
    path("referrals/", include("referrals.urls")),
    path("transfers/", include("transfers.urls")),
    path("early-intervention/", include("early_intervention.urls")),
    # Early Intervention moves lived under /transfers/ei/: links already sent in notifications and
    # emails, and bookmarks, still reach the move.
    re_path(
        r"^transfers/ei/(?P<rest>.*)$",
        RedirectView.as_view(url="/early-intervention/%(rest)s", permanent=True, query_string=True),
    ),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(template_name="registration/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
