"""Signing in and out, at the root under Django's own names: /sign-in/ (`login`) and /sign-out/ (`logout`)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.middleware import two_factor_exempt

urlpatterns = [
    path(
        "sign-in/",
        two_factor_exempt(
            auth_views.LoginView.as_view(template_name="registration/login.html", redirect_authenticated_user=True)
        ),
        name="login",
    ),
    path("sign-out/", two_factor_exempt(auth_views.LogoutView.as_view()), name="logout"),
]
