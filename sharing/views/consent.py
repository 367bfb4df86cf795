"""Consent pages: a child's consent records, recording one, reading one, withdrawing it."""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal import selectors as core_selectors
from portal.pages import posted, record_read, submit
from sharing import policies, selectors, services
from sharing.forms import ConsentForm, ConsentWithdrawForm
from sharing.models import ConsentRecord, InformationCategory


def child_consent(request: HttpRequest, pk: int) -> HttpResponse:
    child = core_selectors.child_get_for_user(user=request.user, pk=pk)
    record_read(request, child, what="Consent")
    context = {
        "child": child,
        "records": selectors.consent_list_for_child(child=child),
        "can_record": policies.may_record_consent(request.user, child),
    }
    return render(request, "sharing/child_consent.html", context)


def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
    child = core_selectors.child_get_for_user(user=request.user, pk=pk)
    if not policies.may_record_consent(request.user, child):
        raise PermissionDenied("You cannot record consent for this child.")
    record_read(request, child, what="Record consent")
    form = ConsentForm(posted(request), child=child)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = services.ConsentDetails(
            given_by=data["given_by"],
            given_by_person=data["given_by_person"],
            purpose=data["purpose"],
            purpose_detail=data["purpose_detail"],
            categories=data["categories"],
            recipients=list(data["recipients"]),
            recipients_detail=data["recipients_detail"],
            status=data["status"],
            method=data["method"],
            decided_on=data["decided_on"],
            not_sought_reason=data["not_sought_reason"],
            explanation=data["explanation"],
            capacity_reason=data["capacity_reason"],
        )
        done = submit(
            request,
            partial(services.consent_record, actor=request.user, child=child, details=details),
            form=form,
            success="Consent record saved",
            then=lambda record: record,
        )
        if done:
            return done
    return render(request, "sharing/consent_form.html", {"form": form, "child": child})


def consent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.consent_get_for_user(user=request.user, pk=pk)
    record_read(request, record.child, what="Consent record")
    context = {
        "record": record,
        "child": record.child,
        "recipients": [link.organisation for link in record.recipient_links.select_related("organisation")],
        "categories": [InformationCategory(c).label for c in record.categories if c in InformationCategory.values],
        "can_withdraw": record.status == ConsentRecord.Status.GIVEN
        and policies.may_withdraw_consent(request.user, record),
        "history": record.history.select_related("history_user").order_by("history_date"),
        "decisions": record.sharing_decisions.select_related("recipient_organisation"),
    }
    return render(request, "sharing/consent_detail.html", context)


def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.consent_get_for_user(user=request.user, pk=pk)
    record_read(request, record.child, what="Withdraw consent")
    if not policies.may_withdraw_consent(request.user, record):
        raise PermissionDenied("You cannot withdraw consent for this child.")
    form = ConsentWithdrawForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            partial(
                services.consent_withdraw,
                actor=request.user,
                consent=record,
                method=form.cleaned_data["method"],
                note=form.cleaned_data["note"],
            ),
            form=form,
            success="Consent withdrawn. Access given on the strength of it has been removed.",
            then=record,
        )
        if done:
            return done
    return render(request, "sharing/consent_withdraw.html", {"form": form, "record": record, "child": record.child})
