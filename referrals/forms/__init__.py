"""GOV.UK forms for referrals, screening and alerts (crispy-forms-gds), one module per step or area.
Validation is server-side; errors come back in the GOV.UK error summary with everything typed still
in the form."""

from referrals.forms.alerts import AlertCloseForm, AlertForm, AlertLinkReferralForm
from referrals.forms.child import ReferralChildChoiceForm, ReferralChildForm, ReferralChildMatchForm
from referrals.forms.consent import ReferralConsentForm
from referrals.forms.screening import ScreeningCheckForm, ScreeningOutcomeForm
from referrals.forms.steps import ReferralConcernForm, ReferralFamilyForm, ReferralStepForm

__all__ = [
    "AlertCloseForm",
    "AlertForm",
    "AlertLinkReferralForm",
    "ReferralChildChoiceForm",
    "ReferralChildForm",
    "ReferralChildMatchForm",
    "ReferralConcernForm",
    "ReferralConsentForm",
    "ReferralFamilyForm",
    "ReferralStepForm",
    "ScreeningCheckForm",
    "ScreeningOutcomeForm",
]
