"""Starting a transfer and drafting it (the move, the family's agreement, the Case Transfer Summary,
the documents), then checking the answers and referring it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal import selectors as core_selectors
from portal.pages import posted, record_read, submit
from transfers import selectors, services
from transfers.forms import DocumentForm, FamilyAgreementForm, MoveForm, SummaryForm
from transfers.models import CinTransfer
from transfers.views.common import action_page


def cin_start(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = core_selectors.child_get_for_user(user=request.user, pk=child_pk)
    permissions = core_selectors.child_permissions_for_user(user=request.user, child=child)
    if "change_child" not in permissions or not request.user.has_perm("transfers.add_cintransfer"):
        raise PermissionDenied("Only the child's team can start a transfer.")
    record_read(request, child, what="Start a transfer")
    existing = selectors.open_transfer_for_child(user=request.user, child=child)
    if existing is not None:
        messages.info(request, f"{child.full_name} already has a transfer in progress: {existing.reference}")
        return redirect(existing)
    sending_id = child.allocated_team.organisation_id if child.allocated_team else None
    form = MoveForm(posted(request), sending_authority_id=sending_id)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.transfer_start(actor=request.user, child=child, move=form.move_details()),
            form=form,
            success=lambda transfer: (
                f"Transfer {transfer.reference} started. Only your team can see it until you refer it."
            ),
            then=lambda transfer: transfer,
            refused_to=child,
        )
        if done:
            return done
    return render(request, "transfers/cin_move.html", {"form": form, "child": child, "starting": True})


def _draft(request: HttpRequest, pk: int) -> CinTransfer:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    record_read(request, transfer.child, what="Prepare a transfer", through=f"transfer {transfer.reference}")
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
        done = submit(
            request,
            lambda: services.transfer_update_move(actor=request.user, transfer=transfer, move=form.move_details()),
            form=form,
            success="Move details saved",
            then=transfer,
        )
        if done:
            return done
    return render(request, "transfers/cin_move.html", {"form": form, "child": transfer.child, "transfer": transfer})


def cin_family(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _draft(request, pk)
    form = FamilyAgreementForm(
        posted(request),
        relationships=core_selectors.child_relationships(child=transfer.child),
        child_born=transfer.child.date_of_birth,
        initial=FamilyAgreementForm.initial_from(transfer),
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.transfer_record_family_agreement(
                actor=request.user, transfer=transfer, details=form.details()
            ),
            form=form,
            success="The family's agreement is recorded",
            then=transfer,
        )
        if done:
            return done
    return action_page(
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
    form = SummaryForm(
        posted(request), initial=SummaryForm.initial_from(transfer), known_nhs_number=transfer.child.nhs_number
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.transfer_save_summary(actor=request.user, transfer=transfer, summary=form.summary()),
            form=form,
            success="Case Transfer Summary saved",
            then=transfer,
        )
        if done:
            return done
    return action_page(
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
    record_read(request, transfer.child, what="Transfer documents", through=f"transfer {transfer.reference}")
    if not selectors.can_add_document(request.user, transfer):
        raise PermissionDenied("Only the sending team can add documents, before the receiving authority decides.")
    form = DocumentForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.transfer_document_add(
                actor=request.user, transfer=transfer, details=form.details(), upload=form.cleaned_data["file"]
            ),
            form=form,
            success=lambda document: f"{document.get_kind_display()} uploaded",
            then=reverse("transfers:cin_documents", args=[transfer.pk]),
            refused_to=transfer,
        )
        if done:
            return done
    context = {
        "transfer": transfer,
        "form": form,
        "documents": selectors.transfer_documents(transfer=transfer),
        "can_remove": transfer.is_draft,
    }
    return render(request, "transfers/cin_documents.html", context)


def cin_document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    record_read(request, transfer.child, what="Transfer document (download)", through=f"transfer {transfer.reference}")
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
    return submit(
        request,
        lambda: services.transfer_document_remove(actor=request.user, document=document),
        success=f"“{document.title}” removed from the draft",
        then=reverse("transfers:cin_documents", args=[transfer.pk]),
        refused_to=transfer,
    )


def cin_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then refer: the clock starts."""
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    record_read(request, transfer.child, what="Check a transfer", through=f"transfer {transfer.reference}")
    actions = selectors.transfer_actions(user=request.user, transfer=transfer)
    if not transfer.is_draft and selectors.is_sending_side(request.user, transfer):
        messages.info(request, f"This transfer is {transfer.get_state_display().lower()}.")
        return redirect(transfer)
    if not actions.refer:
        raise PermissionDenied("Only the child's team can refer this transfer.")
    # Nothing to fill in: what the referral still needs comes back as this form's errors.
    form = Form(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.transfer_refer(actor=request.user, transfer=transfer),
            form=form,
            success=lambda referred: (
                f"Transfer referred to {referred.receiving_authority}. Their decision is due by "
                f"{referred.decision_due_on:%-d %B %Y}."
            ),
            then=transfer,
        )
        if done:
            return done
    context = {
        "transfer": transfer,
        "actions": actions,
        "problems": actions.problems,
        "errors": form.non_field_errors(),
        "documents": selectors.transfer_documents(transfer=transfer),
        "due_if_referred_today": selectors.decision_due_if_referred_on(timezone.localdate()),
    }
    return render(request, "transfers/cin_check.html", context)
