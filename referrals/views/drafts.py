"""Making a referral: the start page, each section of the draft, check your answers and send.
A draft is seen only by the person making it (anyone else gets a 404); once sent, its draft pages
lead to the referral."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from portal import selectors as core_selectors
from portal.pages import record_read, submit
from portal.services import InvalidTransition
from referrals import policies, rules, selectors, services
from referrals.forms import ReferralConcernForm, ReferralFamilyForm, ReferralStepForm
from referrals.models import MastReferral
from referrals.views.common import require_perm
from sharing import law

STEP_URLS = {
    "child": "referrals:step_child",
    "concern": "referrals:step_concern",
    "family": "referrals:step_family",
    "consent": "referrals:step_consent",
}
NEXT_STEP = {"child": "concern", "concern": "family", "family": "consent", "consent": None}


def step_url(referral: MastReferral, section: str) -> str:
    return reverse(STEP_URLS[section], args=[referral.pk])


def after_step(request: HttpRequest, referral: MastReferral, section: str) -> HttpResponse:
    """The next section, or back to check your answers when the referrer came from there."""
    next_section = NEXT_STEP[section]
    if request.GET.get("change") or next_section is None:
        return redirect("referrals:check", referral.pk)
    return redirect(STEP_URLS[next_section], referral.pk)


def draft_of(request: HttpRequest, pk: int) -> MastReferral:
    return selectors.draft_get_for_user(user=request.user, pk=pk)


def start(request: HttpRequest, child_pk: int | None = None) -> HttpResponse:
    """The start page: who should refer, when consent is not sought, and where to get advice."""
    require_perm(request, "referrals.add_mastreferral")
    child = None
    if child_pk is not None:
        child = core_selectors.child_get_for_user(user=request.user, pk=child_pk)
        if not policies.can_refer_about(request.user, child):
            raise PermissionDenied("You can only refer a child whose record you work on.")
        record_read(request, child, what="Refer to MAST")
    if request.method == "POST":
        try:
            key = uuid.UUID(request.POST.get("creation_key", ""))
        except ValueError:
            key = uuid.uuid4()
        referral, _ = services.referral_start(actor=request.user, creation_key=key, child=child)
        if not referral.is_draft:
            return redirect(referral)
        return redirect(step_url(referral, "concern" if referral.child_id else "child"))
    return render(request, "referrals/start.html", {"child": child, "creation_key": uuid.uuid4()})


def section_page(
    request: HttpRequest,
    referral: MastReferral,
    section: str,
    *,
    form_class: type[ReferralStepForm],
    title: str,
    **form_kwargs,
) -> HttpResponse:
    """One section of the draft: "Save and continue" checks the answers and goes on; "Save and come
    back later" keeps what was typed and goes back to the referrals home."""
    saving_draft = "save_draft" in request.POST
    if request.method == "POST":
        form = form_class(request.POST, draft=saving_draft, **form_kwargs)
    else:
        form = form_class(initial=form_class.initial_from(referral), **form_kwargs)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.referral_update(
                actor=request.user, referral=referral, section=section, **form.update_arguments()
            ),
            form=form,
            success="Your draft referral has been saved. Continue it from Referrals." if saving_draft else "",
            then="referrals:home" if saving_draft else lambda _: after_step(request, referral, section),
            refused_to=referral,
        )
        if done:
            return done
    # The back link goes to the step before (issue 15), or to check your answers when changing one.
    previous = next((before for before, after in NEXT_STEP.items() if after == section), None)
    back = (
        reverse("referrals:check", args=[referral.pk])
        if request.GET.get("change")
        else step_url(referral, previous)
        if previous
        else reverse("referrals:home")
    )
    context = {"referral": referral, "form": form, "section": section, "title": title, "back": back}
    return render(request, f"referrals/step_{section}.html", context)


def step_concern(request: HttpRequest, pk: int) -> HttpResponse:
    referral = draft_of(request, pk)
    if not referral.is_draft:
        return redirect(referral)
    return section_page(
        request,
        referral,
        "concern",
        form_class=ReferralConcernForm,
        title="Your concern",
        known_nhs_number=referral.known_nhs_number if referral.child_id else None,
    )


def step_family(request: HttpRequest, pk: int) -> HttpResponse:
    referral = draft_of(request, pk)
    if not referral.is_draft:
        return redirect(referral)
    return section_page(
        request, referral, "family", form_class=ReferralFamilyForm, title="The child's and family's views"
    )


def resume(request: HttpRequest, pk: int) -> HttpResponse:
    """Continue a draft where it was left: the first section with an unanswered question."""
    referral = draft_of(request, pk)
    if not referral.is_draft:
        return redirect(referral)
    section = rules.first_incomplete_section(
        rules.missing_answers(referral, today=timezone.localdate(), identifier_in_force=law.cwsa_in_force())
    )
    return redirect(step_url(referral, section) if section else reverse("referrals:check", args=[referral.pk]))


def check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then send. A second send of the same referral lands on its confirmation.

    Not `portal.pages.submit`: what stops a referral being sent is shown on this page, as the list of
    unanswered questions with links to them, and a referral already sent is simply confirmed."""
    referral = draft_of(request, pk)
    if not referral.is_draft:
        return redirect("referrals:sent", referral.pk)
    problems = rules.missing_answers(referral, today=timezone.localdate(), identifier_in_force=law.cwsa_in_force())
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.referral_submit(actor=request.user, referral=referral)
        except InvalidTransition:
            return redirect("referrals:sent", referral.pk)
        except services.IncompleteReferral as error:
            problems = error.problems
        except ValidationError as error:
            errors = error.messages
        else:
            return redirect("referrals:sent", referral.pk)
    context = {
        "referral": referral,
        "problems": problems if request.method == "POST" else [],
        "incomplete": rules.sections_complete(problems),
        "errors": errors,
        "step_urls": {section: step_url(referral, section) for section in STEP_URLS},
        "open_referrals": selectors.open_referrals_about_same_child(user=request.user, referral=referral),
    }
    return render(request, "referrals/check.html", context)


def sent(request: HttpRequest, pk: int) -> HttpResponse:
    referral = draft_of(request, pk)
    if referral.is_draft:
        return redirect("referrals:check", referral.pk)
    return render(request, "referrals/sent.html", {"referral": referral})
