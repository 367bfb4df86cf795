"""The account pages under /account/, and the code page at /sign-in/code/. Signing in and out keep
Django's un-namespaced names (`login`, `logout`) in accounts.sign_in_urls."""

from django.urls import path

from accounts import passwords, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/code/", views.verify, name="verify"),
    path("account/", views.account, name="account"),
    path("account/two-factor/", views.enrol, name="enrol"),
    path("account/two-factor/backup-codes/", views.backup_codes, name="backup_codes"),
    path("account/password/", passwords.password_change, name="password_change"),
    path("account/password/reset/", passwords.password_reset, name="password_reset"),
    path("account/password/reset/sent/", passwords.password_reset_sent, name="password_reset_sent"),
    path("account/password/reset/done/", passwords.password_reset_done, name="password_reset_done"),
    path("account/password/reset/<uidb64>/<token>/", passwords.password_reset_confirm, name="password_reset_confirm"),
    path("account/session/status/", views.session_status, name="session_status"),
    path("account/session/keep-alive/", views.keep_alive, name="keep_alive"),
    path("account/session/ended/", views.session_ended, name="session_ended"),
]
