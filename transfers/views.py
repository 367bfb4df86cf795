"""The transfers pages. Thin: selectors to read, services to write. 404 for a transfer the user may
not see (a third authority; the receiving authority before the referral), 403 for one they may see
but not act on; a decision someone else made first is a clear message, never an error page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal import selectors as core_selectors
from portal.forms import ReasonForm
from portal.pages import paginate, posted, show_errors
from transfers import picture, selectors, services
from transfers.forms import (
    AcceptForm,
    DocumentForm,
    FamilyAgreementForm,
    FamilyUpdateForm,
    MoveForm,
    RequestForm,
    RequestReferForm,
    ResolveForm,
    SummaryForm,
)
from transfers.models import CinTransfer


def _refused(request: HttpRequest, transfer: CinTransfer, error: Exception) -> HttpResponse:
    """Someone got there first, or the transfer moved on: say so on the transfer's page."""
    messages.error(request, str(error))
    return redirect(transfer)


def _action_page(request, transfer, form, *, title: str, intro: list[str], warning: str = "", multipart=False):
    context = {
        "transfer": transfer,
        "form": form,
        "title": title,
        "intro": intro,
        "warning": warning,
        "multipart": multipart,
    }
    return render(request, "transfers/cin_action_form.html", context)


# --- Lists ---------------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """Transfers in and out, the most urgent first, each with its clock; and transfer requests."""
    user = request.user
    show = request.GET.get("show", "open")
    filtered = False
    if show == "requests":
        page = paginate(request, selectors.request_list_for_user(user=user))
    else:
        show = show if show in selectors.LIST_VIEWS else "open"
        transfers = selectors.transfer_list_view(user=user, show=show)
        # From the dashboard: one team's transfers in or out whose clock shows one colour, exactly
        # the transfers its number counted.
        team_ids = [int(t) for t in request.GET.getlist("team") if t.isdigit()]
        direction, rag = request.GET.get("direction", ""), request.GET.get("rag", "")
        filtered = bool(team_ids and direction in picture.DIRECTIONS)
        if filtered:
            transfers = picture.for_teams(transfers, team_ids=team_ids, direction=direction)
            if rag in picture.RAG_LABELS:
                transfers = picture.with_rag(transfers, rag=rag, today=timezone.localdate())
        page = paginate(request, transfers)
        page.object_list = selectors.with_clocks(page.object_list, today=timezone.localdate())
    context = {
        "filtered": filtered,
        "page": page,
        "show": show,
        "views": selectors.LIST_VIEWS,
        "can_request": user.has_perm("transfers.add_transferrequest")
        and selectors.requesting_teams_of(user=user).exists(),
    }
    return render(request, "transfers/home.html", context)


# --- Starting and preparing a transfer -----------------------------------------------------------


def cin_start(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = core_selectors.child_get_for_user(user=request.user, pk=child_pk)
    permissions = core_selectors.child_permissions_for_user(user=request.user, child=child)
    if "change_child" not in permissions or not request.user.has_perm("transfers.add_cintransfer"):
        raise PermissionDenied("Only the child's team can start a transfer.")
    existing = selectors.open_transfer_for_child(user=request.user, child=child)
    if existing is not None:
        messages.info(request, f"{child.full_name} already has a transfer in progress: {existing.reference}")
        return redirect(existing)
    sending_id = child.allocated_team.organisation_id if child.allocated_team else None
    form = MoveForm(posted(request), sending_authority_id=sending_id)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = services.transfer_start(actor=request.user, child=child, move=form.move_details())
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, f"Transfer {transfer.reference} started. Only your team can see it until you refer it."
            )
            return redirect(transfer)
    return render(request, "transfers/cin_move.html", {"form": form, "child": child, "starting": True})


def _draft(request: HttpRequest, pk: int) -> CinTransfer:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    if not selectors.can_edit_draft(request.user, transfer):
        raise PermissionDenied("Only the sending team can change a draft transfer.")
    return transfer


def cin_move(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _draft(request, pk)
    form = MoveForm(
        posted(request),
        sending_authority_id=transfer.sending_authority_id,
        initial=MoveForm.initial_from(transfer),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_update_move(actor=request.user, transfer=transfer, move=form.move_details())
        except ValidationError as error:
            show_errors(form, error)
        except services.InvalidTransition as error:
            return _refused(request, transfer, error)
        else:
            messages.success(request, "Move details saved")
            return redirect(transfer)
    return render(request, "transfers/cin_move.html", {"form": form, "child": transfer.child, "transfer": transfer})


def cin_family(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _draft(request, pk)
    form = FamilyAgreementForm(
        posted(request),
        relationships=core_selectors.child_relationships(child=transfer.child),
        initial=FamilyAgreementForm.initial_from(transfer),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_record_family_agreement(actor=request.user, transfer=transfer, details=form.details())
        except ValidationError as error:
            show_errors(form, error)
        except services.InvalidTransition as error:
            return _refused(request, transfer, error)
        else:
            messages.success(request, "The family's agreement is recorded")
            return redirect(transfer)
    return _action_page(
        request,
        transfer,
        form,
        title="The family's agreement",
        intro=[
            "The family is normally asked to agree to the referral and to their information being shared, and is "
            "kept informed as the transfer progresses.",
            "Where they do not agree and there are historic or current child protection concerns, the protection "
            "of the child is paramount: the referral is made, with the reason and the advice you sought from legal "
            "services or the Caldicott Guardian recorded.",
        ],
    )


def cin_summary(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _draft(request, pk)
    form = SummaryForm(posted(request), initial=SummaryForm.initial_from(transfer))
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_save_summary(actor=request.user, transfer=transfer, summary=form.summary())
        except ValidationError as error:
            show_errors(form, error)
        except services.InvalidTransition as error:
            return _refused(request, transfer, error)
        else:
            messages.success(request, "Case Transfer Summary saved")
            return redirect(transfer)
    return _action_page(
        request,
        transfer,
        form,
        title="Case Transfer Summary",
        intro=[
            "The receiving authority reads this before it decides on the level of risk or need. Keep what is known "
            "apart from your professional opinion."
        ],
    )


def cin_documents(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    if not selectors.can_add_document(request.user, transfer):
        raise PermissionDenied("Only the sending team can add documents, before the receiving authority decides.")
    form = DocumentForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.transfer_document_add(
                actor=request.user, transfer=transfer, details=form.details(), upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.InvalidTransition as error:
            return _refused(request, transfer, error)
        else:
            messages.success(request, f"{document.get_kind_display()} uploaded")
            return redirect("transfers:cin_documents", pk=transfer.pk)
    context = {
        "transfer": transfer,
        "form": form,
        "documents": selectors.transfer_documents(transfer=transfer),
        "can_remove": transfer.is_draft,
    }
    return render(request, "transfers/cin_documents.html", context)


def cin_document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    document = selectors.transfer_document_get(transfer=transfer, pk=document_pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def cin_document_remove(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    transfer = _draft(request, pk)
    document = selectors.transfer_document_get(transfer=transfer, pk=document_pk)
    try:
        services.transfer_document_remove(actor=request.user, document=document)
    except services.InvalidTransition as error:
        return _refused(request, transfer, error)
    messages.success(request, f"“{document.title}” removed from the draft")
    return redirect("transfers:cin_documents", pk=transfer.pk)


def cin_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then refer: the clock starts."""
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    actions = selectors.transfer_actions(user=request.user, transfer=transfer)
    if not transfer.is_draft and selectors.is_sending_side(request.user, transfer):
        messages.info(request, f"This transfer is {transfer.get_state_display().lower()}.")
        return redirect(transfer)
    if not actions.refer:
        raise PermissionDenied("Only the child's team can refer this transfer.")
    errors: list[str] = []
    if request.method == "POST":
        try:
            transfer = services.transfer_refer(actor=request.user, transfer=transfer)
        except ValidationError as error:
            errors = error.messages
        except services.InvalidTransition as error:
            return _refused(request, transfer, error)
        else:
            messages.success(
                request,
                f"Transfer referred to {transfer.receiving_authority}. Their decision is due by "
                f"{transfer.decision_due_on:%-d %B %Y}.",
            )
            return redirect(transfer)
    context = {
        "transfer": transfer,
        "actions": actions,
        "problems": actions.problems,
        "errors": errors,
        "documents": selectors.transfer_documents(transfer=transfer),
        "due_if_referred_today": selectors.decision_due_if_referred_on(timezone.localdate()),
    }
    return render(request, "transfers/cin_check.html", context)


# --- The transfer ------------------------------------------------------------------------------


def cin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
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
    context = {
        "transfer": transfer,
        "documents": selectors.transfer_documents(transfer=transfer),
        "printed_at": timezone.now(),
    }
    return render(request, "transfers/cin_print.html", context)


@require_POST
def cin_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    try:
        services.transfer_acknowledge(actor=request.user, transfer=transfer)
    except services.InvalidTransition as error:
        return _refused(request, transfer, error)
    messages.success(request, "Transfer acknowledged. The sending authority has been told.")
    return redirect(transfer)


def _decider_transfer(request: HttpRequest, pk: int) -> CinTransfer:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    if not selectors.can_decide(request.user, transfer):
        raise PermissionDenied("Only a team manager in the receiving authority can accept or decline this transfer.")
    return transfer


def cin_accept(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _decider_transfer(request, pk)
    if not transfer.is_undecided:
        return _refused(request, transfer, services.InvalidTransition(selectors.decided_message(transfer)))
    teams = selectors.decision_teams(user=request.user, transfer=transfer)
    form = AcceptForm(posted(request), teams=teams, workers=selectors.members_of(teams=teams))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.transfer_accept(
                actor=request.user,
                transfer=transfer,
                team=data["team"],
                worker=data["worker"],
                level_of_need=data["level_of_need"],
                notes=data["notes"],
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.InvalidTransition as error:
            return _refused(request, transfer, error)
        else:
            messages.success(
                request, f"Transfer accepted: {transfer.child.full_name} is now your team's case ({data['team'].name})."
            )
            return redirect(transfer)
    return _action_page(
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
        return _refused(request, transfer, services.InvalidTransition(selectors.decided_message(transfer)))
    form = ReasonForm(
        posted(request),
        label="Why are you declining the transfer?",
        message="Explain why the transfer is declined",
        submit_label="Decline the transfer",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_decline(actor=request.user, transfer=transfer, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_errors(form, error)
        except services.InvalidTransition as error:
            return _refused(request, transfer, error)
        else:
            messages.success(request, "Transfer declined. A dispute is open and both authorities' managers are told.")
            return redirect(transfer)
    return _action_page(
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
    if not selectors.can_resolve_dispute(request.user, transfer):
        raise PermissionDenied("You cannot resolve this dispute.")
    if transfer.state != CinTransfer.State.DISPUTED:
        return _refused(request, transfer, services.InvalidTransition(selectors.decided_message(transfer)))
    teams = selectors.decision_teams(user=request.user, transfer=transfer)
    can_accept = teams.exists()
    form = ResolveForm(
        posted(request),
        teams=teams,
        workers=selectors.members_of(teams=teams),
        can_accept=can_accept,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.transfer_resolve_dispute(
                actor=request.user,
                transfer=transfer,
                resolution=data["resolution"],
                rationale=data["rationale"],
                team=data.get("team"),
                worker=data.get("worker"),
                level_of_need=data.get("level_of_need"),
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.InvalidTransition as error:
            return _refused(request, transfer, error)
        else:
            messages.success(request, "The dispute's resolution is recorded")
            return redirect(transfer)
    return _action_page(
        request, transfer, form, title="Resolve the dispute", intro=["Record what was agreed, and why."]
    )


def cin_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    if not (selectors.can_work_on(request.user, transfer) and selectors.is_sending_side(request.user, transfer)):
        raise PermissionDenied("Only the sending team can withdraw this transfer.")
    if transfer.state not in (CinTransfer.State.DRAFT, *CinTransfer.UNDECIDED):
        return _refused(request, transfer, services.InvalidTransition(selectors.decided_message(transfer)))
    form = ReasonForm(
        posted(request),
        label="Why are you withdrawing the transfer?",
        message="Explain why the transfer is withdrawn",
        submit_label="Withdraw the transfer",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_withdraw(actor=request.user, transfer=transfer, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_errors(form, error)
        except services.InvalidTransition as error:
            return _refused(request, transfer, error)
        else:
            messages.success(request, "Transfer withdrawn")
            return redirect(transfer)
    return _action_page(
        request,
        transfer,
        form,
        title="Withdraw the transfer",
        intro=["A transfer can be withdrawn until the receiving authority decides. The receiving authority is told."],
    )


def cin_family_update(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    if not selectors.transfer_actions(user=request.user, transfer=transfer).family_update:
        raise PermissionDenied("Only the team working with the family can record what it was told.")
    form = FamilyUpdateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.family_update_record(actor=request.user, transfer=transfer, details=form.details())
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Family update recorded")
            return redirect(transfer)
    return _action_page(
        request,
        transfer,
        form,
        title="Record what the family was told",
        intro=["Keep the family informed of the transfer's progress, and record each time you do."],
    )


# --- Transfer requests ---------------------------------------------------------------------------


def request_create(request: HttpRequest) -> HttpResponse:
    teams = selectors.requesting_teams_of(user=request.user)
    if not request.user.has_perm("transfers.add_transferrequest") or not teams.exists():
        raise PermissionDenied("Transfers are requested by a local authority's children's social care teams.")
    form = RequestForm(posted(request), teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            transfer_request = services.transfer_request_create(actor=request.user, details=form.details())
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, f"Request {transfer_request.reference} sent to {transfer_request.sending_authority}"
            )
            return redirect(transfer_request)
    return render(request, "transfers/request_form.html", {"form": form})


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    transfer_request = selectors.request_get_for_user(user=request.user, pk=pk)
    context = {
        "transfer_request": transfer_request,
        "can_answer": selectors.can_answer_request(request.user, transfer_request),
        "transfers": selectors.with_clocks(
            selectors.request_transfers(request=transfer_request, user=request.user), today=timezone.localdate()
        ),
    }
    return render(request, "transfers/request_detail.html", context)


def _answerable(request: HttpRequest, pk: int):
    transfer_request = selectors.request_get_for_user(user=request.user, pk=pk)
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
        try:
            transfer = services.transfer_request_start_transfer(
                actor=request.user,
                request=transfer_request,
                child=form.cleaned_data["child"],
                move=form.move_details(receiving_authority=transfer_request.requesting_authority),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Draft transfer {transfer.reference} started in answer to the request")
            return redirect(transfer)
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
        try:
            services.transfer_request_decline(
                actor=request.user, request=transfer_request, explanation=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_errors(form, error, rename={"explanation": "reason"})
        except services.InvalidTransition as error:
            messages.error(request, str(error))
            return redirect(transfer_request)
        else:
            messages.success(request, "Your answer has been sent")
            return redirect(transfer_request)
    context = {"transfer_request": transfer_request, "form": form, "title": "Explain why not"}
    return render(request, "transfers/request_answer.html", context)
