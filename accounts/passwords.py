"""Changing a password, and resetting a forgotten one by email: Django's views with GOV.UK pages,
each change recorded in the sign-in audit."""

from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from accounts import services
from accounts.forms import GovukPasswordChangeForm, GovukPasswordResetForm, GovukSetPasswordForm
from accounts.middleware import two_factor_exempt
from accounts.models import SignInEvent


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = GovukPasswordChangeForm
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.sign_in_event_record(kind=SignInEvent.Kind.PASSWORD_CHANGED, request=self.request, user=form.user)
        messages.success(self.request, "Your password has been changed")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = GovukPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = GovukSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.sign_in_event_record(kind=SignInEvent.Kind.PASSWORD_RESET, request=self.request, user=form.user)
        # Whoever locked the name out, its owner has just proved who they are.
        axes_reset(username=form.user.get_username())
        return response


class PasswordResetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_done.html"


# Public pages: open to someone who has signed in with a password but not yet given their code.
password_reset = two_factor_exempt(PasswordResetView.as_view())
password_reset_sent = two_factor_exempt(PasswordResetSentView.as_view())
password_reset_confirm = two_factor_exempt(PasswordResetConfirmView.as_view())
password_reset_done = two_factor_exempt(PasswordResetDoneView.as_view())
password_change = PasswordChangeView.as_view()
