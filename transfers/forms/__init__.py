"""GOV.UK forms for transfers (crispy-forms-gds), one module per part of the workflow. They collect
and tidy what was typed; the rules live in `transfers.services`, whose ValidationErrors come back
onto the form's fields so the GOV.UK error summary shows them with everything the user typed still
there."""

from transfers.forms.decide import AcceptForm, FamilyUpdateForm, ResolveForm
from transfers.forms.prepare import DocumentForm, FamilyAgreementForm, MoveForm, SummaryForm
from transfers.forms.requests import ChildChoiceField, RequestForm, RequestReferForm

__all__ = [
    "AcceptForm",
    "ChildChoiceField",
    "DocumentForm",
    "FamilyAgreementForm",
    "FamilyUpdateForm",
    "MoveForm",
    "RequestForm",
    "RequestReferForm",
    "ResolveForm",
    "SummaryForm",
]
