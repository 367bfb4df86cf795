"""Information sharing agreement pages: the list (or those due for review), one agreement, and
recording or editing one (information governance leads)."""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from portal.pages import paginate, posted, submit
from sharing import policies, selectors, services
from sharing.forms import AgreementForm
from sharing.models import SharingAgreement


def agreement_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    due = request.GET.get("due") == "1"
    agreements = selectors.agreements_due_for_review(today=today) if due else selectors.agreement_list()
    context = {
        "page": paginate(request, agreements),
        "due": due,
        "today": today,
        "can_add": policies.may_record_agreement(request.user),
    }
    return render(request, "sharing/agreement_list.html", context)


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(selectors.agreement_list(), pk=pk)
    context = {
        "agreement": agreement,
        "can_edit": policies.may_record_agreement(request.user, agreement),
        "today": timezone.localdate(),
    }
    return render(request, "sharing/agreement_detail.html", context)


def _initial(agreement: SharingAgreement | None) -> dict:
    if agreement is None:
        return {}
    return {
        "tier": agreement.tier,
        "title": agreement.title,
        "purpose": agreement.purpose,
        "parties": [link.organisation_id for link in agreement.current_parties],
        "starts_on": agreement.starts_on,
        "review_on": agreement.review_on,
        "ends_on": agreement.ends_on,
    }


def _agreement_form(request: HttpRequest, agreement: SharingAgreement | None = None) -> HttpResponse:
    if not policies.may_record_agreement(request.user, agreement):
        raise PermissionDenied("Only information governance leads can record agreements.")
    files = request.FILES if request.method == "POST" else None
    form = AgreementForm(posted(request), files, initial=_initial(agreement))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = services.AgreementDetails(
            tier=data["tier"],
            title=data["title"],
            purpose=data["purpose"],
            starts_on=data["starts_on"],
            review_on=data["review_on"],
            ends_on=data["ends_on"],
            parties=list(data["parties"]),
            document=data["document"],
        )
        done = submit(
            request,
            partial(services.agreement_save, actor=request.user, details=details, agreement=agreement),
            form=form,
            success="Agreement saved",
            then=lambda saved: saved,
        )
        if done:
            return done
    return render(request, "sharing/agreement_form.html", {"form": form, "agreement": agreement})


def agreement_create(request: HttpRequest) -> HttpResponse:
    return _agreement_form(request)


def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _agreement_form(request, get_object_or_404(selectors.agreement_list(), pk=pk))
