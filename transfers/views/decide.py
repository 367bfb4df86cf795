"""The receiving authority's acknowledgement and decision, and how a dispute is resolved. A
decision someone else made first is a message on the transfer's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from portal.forms import ReasonForm
from portal.pages import already_done, posted, record_read, submit
from transfers import selectors, services
from transfers.forms import AcceptForm, ResolveForm
from transfers.models import CinTransfer
from transfers.views.common import action_page


@require_POST
def cin_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    record_read(request, transfer.child, what="Acknowledge a transfer", through=f"transfer {transfer.reference}")
    return submit(
        request,
        lambda: services.transfer_acknowledge(actor=request.user, transfer=transfer),
        success="Transfer acknowledged. The sending authority has been told.",
        then=transfer,
    )


def _decider_transfer(request: HttpRequest, pk: int) -> CinTransfer:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    record_read(request, transfer.child, what="Decide on a transfer", through=f"transfer {transfer.reference}")
    if not selectors.can_decide(request.user, transfer):
        raise PermissionDenied("Only a team manager in the receiving authority can accept or decline this transfer.")
    return transfer


def _decided(request: HttpRequest, transfer: CinTransfer) -> HttpResponse:
    """A decision already made: resubmitted, the "already done" page; opened again, the transfer."""
    if request.method == "POST":
        return already_done(request, transfer, selectors.decided_message(transfer))
    messages.error(request, selectors.decided_message(transfer))
    return redirect(transfer)


def cin_accept(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _decider_transfer(request, pk)
    if not transfer.is_undecided:
        return _decided(request, transfer)
    teams = selectors.decision_teams(user=request.user, transfer=transfer)
    form = AcceptForm(posted(request), teams=teams, workers=selectors.members_of(teams=teams))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            lambda: services.transfer_accept(
                actor=request.user,
                transfer=transfer,
                team=data["team"],
                worker=data["worker"],
                level_of_need=data["level_of_need"],
                notes=data["notes"],
            ),
            form=form,
            success=f"Transfer accepted: {transfer.child.full_name} is now your team's case ({data['team'].name}).",
            then=transfer,
        )
        if done:
            return done
    return action_page(
        request,
        transfer,
        form,
        title="Accept the transfer",
        intro=[
            "Record the level of risk or need you have decided on. Case responsibility, and access to the child's "
            "whole record, move to the team you choose as soon as you accept.",
            f"The sending team ({transfer.sending_team.name}, {transfer.sending_authority}) keeps read access to "
            "what it sent, and can no longer change the child's record.",
        ],
    )


def cin_decline(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _decider_transfer(request, pk)
    if not transfer.is_undecided:
        return _decided(request, transfer)
    form = ReasonForm(
        posted(request),
        label="Why are you declining the transfer?",
        message="Explain why the transfer is declined",
        submit_label="Decline the transfer",
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.transfer_decline(
                actor=request.user, transfer=transfer, reason=form.cleaned_data["reason"]
            ),
            form=form,
            success="Transfer declined. A dispute is open and both authorities' managers are told.",
            then=transfer,
        )
        if done:
            return done
    return action_page(
        request,
        transfer,
        form,
        title="Decline the transfer",
        intro=[
            "Declining opens a dispute about case responsibility at once, escalated to both authorities' team managers."
        ],
        warning="During the dispute the child's welfare remains paramount: the family must be given clear messages "
        "about services and expectations.",
    )


def cin_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    record_read(request, transfer.child, what="Resolve a transfer dispute", through=f"transfer {transfer.reference}")
    if not selectors.can_resolve_dispute(request.user, transfer):
        raise PermissionDenied("You cannot resolve this dispute.")
    if transfer.state != CinTransfer.State.DISPUTED:
        messages.error(request, selectors.decided_message(transfer))
        return redirect(transfer)
    teams = selectors.decision_teams(user=request.user, transfer=transfer)
    form = ResolveForm(
        posted(request),
        teams=teams,
        workers=selectors.members_of(teams=teams),
        can_accept=teams.exists(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            lambda: services.transfer_resolve_dispute(
                actor=request.user,
                transfer=transfer,
                resolution=data["resolution"],
                rationale=data["rationale"],
                team=data.get("team"),
                worker=data.get("worker"),
                level_of_need=data.get("level_of_need"),
            ),
            form=form,
            success="The dispute's resolution is recorded",
            then=transfer,
        )
        if done:
            return done
    return action_page(request, transfer, form, title="Resolve the dispute", intro=["Record what was agreed, and why."])
