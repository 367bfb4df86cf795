"""GOV.UK forms for signing in with a code, and for passwords (Django's own forms, laid out with
crispy-forms-gds)."""

import re

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm

from portal.forms import GovukForm

_SIX_DIGITS = re.compile(r"[0-9]{6}")
_BACKUP_CODE = re.compile(r"[a-z2-7]{8}")


def normalise_code(value: str) -> str:
    """What the person typed, without spaces or hyphens ("123 456", "k3y9-2m4q"); backup codes in
    lower case."""
    return re.sub(r"[\s-]+", "", value or "").lower()


class CodeForm(GovukForm):
    """The code from the authenticator app, or (when signing in) a backup code."""

    submit_label = "Continue"
    allow_backup_code = True

    code = forms.CharField(
        label="Code",
        max_length=20,
        strip=True,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widget = self.fields["code"].widget
        widget.attrs.update({"autocomplete": "one-time-code", "spellcheck": "false", "class": "govuk-input--width-10"})
        if self.allow_backup_code:
            self.fields["code"].help_text = "The code changes every 30 seconds. Or enter one of your backup codes."
        else:
            self.fields["code"].help_text = "The 6-digit code your app shows for this portal."
            widget.attrs["inputmode"] = "numeric"

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if _SIX_DIGITS.fullmatch(code) or (self.allow_backup_code and _BACKUP_CODE.fullmatch(code)):
            return code
        if self.allow_backup_code:
            raise forms.ValidationError("Enter the 6-digit code from your app, or an 8-character backup code")
        raise forms.ValidationError("Enter the 6-digit code from your authenticator app")


class EnrolCodeForm(CodeForm):
    allow_backup_code = False
    submit_label = "Confirm and continue"


class GovukPasswordChangeForm(GovukForm, PasswordChangeForm):
    submit_label = "Change password"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["new_password2"].label = "Confirm your new password"
        self.fields["new_password2"].help_text = ""


class GovukPasswordResetForm(GovukForm, PasswordResetForm):
    submit_label = "Send the link"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].help_text = "The address your organisation gave the portal for you."
        self.fields["email"].error_messages["required"] = "Enter your email address"


class GovukSetPasswordForm(GovukForm, SetPasswordForm):
    submit_label = "Save the new password"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password2"].label = "Confirm your new password"
        self.fields["new_password2"].help_text = ""
