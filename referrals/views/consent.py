"""The consent step of a draft: whose agreement was sought, and whether it was given, refused or
not sought and why. Its form is `forms/consent.py`; what the service does with the answers is
`services/consent.py`."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from referrals import selectors
from referrals.forms import ReferralConsentForm
from referrals.views.drafts import draft_of, section_page, step_url


def step_consent(request: HttpRequest, pk: int) -> HttpResponse:
    referral = draft_of(request, pk)
    if not referral.is_draft:
        return redirect(referral)
    if referral.child_id is None:
        messages.error(request, "Choose the child first: agreement is about their record.")
        return redirect(step_url(referral, "child"))
    if referral.child_is_matched:
        # The referrer cannot see the child's record: they name the parent or carer instead (and the
        # child's age is the one they gave).
        people = {"parents": [], "matched": True, "child_born": referral.child_given_date_of_birth}
    else:
        people = {
            "parents": selectors.parents_with_responsibility(child=referral.child),
            "child_born": referral.child.date_of_birth,
        }
    return section_page(
        request, referral, "consent", form_class=ReferralConsentForm, title="Agreement to the referral", **people
    )
