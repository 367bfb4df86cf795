"""The transfer's page and its printable summary; withdrawing it; keeping the family informed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from portal.forms import ReasonForm
from portal.pages import posted, record_read, submit
from transfers import selectors, services
from transfers.forms import FamilyUpdateForm
from transfers.models import CinTransfer
from transfers.views.common import action_page


def cin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    record_read(request, transfer.child, what="Child in Need transfer", through=f"transfer {transfer.reference}")
    actions = selectors.transfer_actions(user=request.user, transfer=transfer)
    if actions.receiving_preview:
        services.transfer_preview_viewed(actor=request.user, transfer=transfer)
    context = {
        "transfer": transfer,
        "actions": actions,
        "clock": selectors.transfer_clock(transfer=transfer, today=timezone.localdate()),
        "documents": selectors.transfer_documents(transfer=transfer),
        "family_updates": selectors.transfer_family_updates(transfer=transfer),
        "escalations": selectors.transfer_escalations(transfer=transfer),
        "history": selectors.transfer_history(transfer=transfer),
    }
    return render(request, "transfers/cin_detail.html", context)


def cin_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The Case Transfer Summary laid out for the receiving authority's file."""
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    record_read(request, transfer.child, what="Transfer (print)", through=f"transfer {transfer.reference}")
    context = {
        "transfer": transfer,
        "documents": selectors.transfer_documents(transfer=transfer),
        "printed_at": timezone.now(),
    }
    return render(request, "transfers/cin_print.html", context)


def cin_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    record_read(request, transfer.child, what="Withdraw a transfer", through=f"transfer {transfer.reference}")
    if not (selectors.can_work_on(request.user, transfer) and selectors.is_sending_side(request.user, transfer)):
        raise PermissionDenied("Only the sending team can withdraw this transfer.")
    if transfer.state not in (CinTransfer.State.DRAFT, *CinTransfer.UNDECIDED):
        messages.error(request, selectors.decided_message(transfer))
        return redirect(transfer)
    form = ReasonForm(
        posted(request),
        label="Why are you withdrawing the transfer?",
        message="Explain why the transfer is withdrawn",
        submit_label="Withdraw the transfer",
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.transfer_withdraw(
                actor=request.user, transfer=transfer, reason=form.cleaned_data["reason"]
            ),
            form=form,
            success="Transfer withdrawn",
            then=transfer,
        )
        if done:
            return done
    return action_page(
        request,
        transfer,
        form,
        title="Withdraw the transfer",
        intro=["A transfer can be withdrawn until the receiving authority decides. The receiving authority is told."],
    )


def cin_family_update(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    record_read(request, transfer.child, what="Record telling the family", through=f"transfer {transfer.reference}")
    if not selectors.transfer_actions(user=request.user, transfer=transfer).family_update:
        raise PermissionDenied("Only the team working with the family can record what it was told.")
    form = FamilyUpdateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.family_update_record(actor=request.user, transfer=transfer, details=form.details()),
            form=form,
            success="Family update recorded",
            then=transfer,
        )
        if done:
            return done
    return action_page(
        request,
        transfer,
        form,
        title="Record what the family was told",
        intro=["Keep the family informed of the transfer's progress, and record each time you do."],
    )
