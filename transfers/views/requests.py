"""Transfer requests: a receiving team asks for a transfer; the authority holding the case answers
by referring it or by explaining why not."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from portal import extensions
from portal.forms import ReasonForm
from portal.pages import number_param, posted, record_read, submit
from transfers import selectors, services
from transfers.forms import RequestForm, RequestReferForm
from transfers.models import TransferRequest


def _source(request: HttpRequest) -> extensions.SourceRecord | None:
    """The record the request starts from (`?source=mast_alert&id=<pk>`), prefilled from it: 404 if
    the user may not see it."""
    name = request.GET.get("source", "")
    if not name:
        return None
    pk = number_param(request.GET.get("id"))
    found = extensions.record_source(name, user=request.user, pk=pk) if pk else None
    if found is None:
        raise Http404("No such record")
    return found


def request_create(request: HttpRequest) -> HttpResponse:
    teams = selectors.requesting_teams_of(user=request.user)
    if not request.user.has_perm("transfers.add_transferrequest") or not teams.exists():
        raise PermissionDenied("Transfers are requested by a local authority's children's social care teams.")
    source = _source(request)
    initial = {}
    if source is not None:
        record_read(request, getattr(source.record, "child", None), what="Alert as a transfer request")
        sending = selectors.local_authority_named(
            name=source.previous_area, exclude_ids=[t.organisation_id for t in teams]
        )
        initial = {
            "child_first_name": source.child_first_name,
            "child_last_name": source.child_last_name,
            "child_date_of_birth": source.child_date_of_birth,
            "child_address": source.child_address,
            "how_learned": source.how_learned,
            "sending_authority": sending.pk if sending else None,
        }
    form = RequestForm(posted(request), teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.transfer_request_create(
                actor=request.user, details=form.details(), source=source.record if source else None
            ),
            form=form,
            success=lambda made: f"Request {made.reference} sent to {made.sending_authority}",
            then=lambda made: made,
        )
        if done:
            return done
    return render(request, "transfers/request_form.html", {"form": form, "source": source})


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    transfer_request = selectors.request_get_for_user(user=request.user, pk=pk)
    record_read(request, transfer_request.child, what="Transfer request", through="a transfer request")
    context = {
        "transfer_request": transfer_request,
        "can_answer": selectors.can_answer_request(request.user, transfer_request),
        "transfers": selectors.with_clocks(
            selectors.request_transfers(request=transfer_request, user=request.user), today=timezone.localdate()
        ),
    }
    return render(request, "transfers/request_detail.html", context)


def _answerable(request: HttpRequest, pk: int) -> TransferRequest:
    transfer_request = selectors.request_get_for_user(user=request.user, pk=pk)
    record_read(request, transfer_request.child, what="Answer a transfer request", through="a transfer request")
    if request.user.organisation_id != transfer_request.sending_authority_id or not request.user.has_perm(
        "transfers.change_transferrequest"
    ):
        raise PermissionDenied("Only the authority holding the case answers this request.")
    return transfer_request


def request_refer(request: HttpRequest, pk: int) -> HttpResponse:
    transfer_request = _answerable(request, pk)
    if not selectors.can_answer_request(request.user, transfer_request):
        messages.error(request, "This request has already been answered.")
        return redirect(transfer_request)
    children = selectors.children_transferable_by(user=request.user)
    initial = {"child": transfer_request.child_id} if transfer_request.child_id else {}
    form = RequestReferForm(
        posted(request),
        children=children,
        sending_authority_id=transfer_request.sending_authority_id,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.transfer_request_start_transfer(
                actor=request.user,
                request=transfer_request,
                child=form.cleaned_data["child"],
                move=form.move_details(receiving_authority=transfer_request.requesting_authority),
            ),
            form=form,
            success=lambda transfer: f"Draft transfer {transfer.reference} started in answer to the request",
            then=lambda transfer: transfer,
            refused_to=transfer_request,
        )
        if done:
            return done
    context = {
        "transfer_request": transfer_request,
        "form": form,
        "title": "Refer the case",
        "has_children": children.exists(),
    }
    return render(request, "transfers/request_answer.html", context)


def request_decline(request: HttpRequest, pk: int) -> HttpResponse:
    transfer_request = _answerable(request, pk)
    if not selectors.can_answer_request(request.user, transfer_request):
        messages.error(request, "This request has already been answered.")
        return redirect(transfer_request)
    form = ReasonForm(
        posted(request),
        label="Why are you not referring the case?",
        message="Explain why you are not referring the case",
        submit_label="Send the answer",
        help_text="The requesting team reads this. Share only what they need to know.",
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.transfer_request_decline(
                actor=request.user, request=transfer_request, explanation=form.cleaned_data["reason"]
            ),
            form=form,
            rename={"explanation": "reason"},
            success="Your answer has been sent",
            then=transfer_request,
        )
        if done:
            return done
    context = {"transfer_request": transfer_request, "form": form, "title": "Explain why not"}
    return render(request, "transfers/request_answer.html", context)
