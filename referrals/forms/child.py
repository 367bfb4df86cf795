"""The child step of a draft referral: choose a child, record one, or send again the details that
identify a record held by another team."""

from django import forms

from portal.forms import ChildForm, EmergencySearchForm, GovukForm
from portal.forms import required as _required
from portal.models import Child
from referrals import rules


class ReferralChildChoiceForm(GovukForm):
    submit_label = "Continue"

    child = forms.ModelChoiceField(
        label="Which child are you referring?",
        queryset=Child.objects.none(),
        empty_label="Choose a child",
        help_text="Children whose records you work on",
        error_messages=_required("Choose the child you are referring"),
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children


class ReferralChildForm(ChildForm):
    """The core's child form, recording the child in the referrer's own team."""

    submit_label = "Save and continue"


class ReferralChildMatchForm(EmergencySearchForm):
    """The details a referrer typed, sent again with the record they want to refer: the exact match is
    checked on every request, so a record's number alone is never enough."""

    submit_label = "Refer this child"
    reason = None  # an emergency search's reason; a referral says why in its own questions

    def identity(self) -> rules.ChildIdentity:
        data = self.cleaned_data
        return rules.ChildIdentity(
            nhs_number=data["nhs_number"],
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            date_of_birth=data["date_of_birth"],
        )
