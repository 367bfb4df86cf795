"""Submitting intelligence: my items, the draft (resumable), whom it is about, and sending it. Thin:
selectors to read, services to write. A draft is its submitter's alone (404 for anyone else)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from intelligence import selectors, services
from intelligence.forms import ChildFindForm, ItemForm, SubjectForm, initial_from
from intelligence.models import ItemChild, Subject
from portal.pages import paginate, posted, show_errors, submit


def _require_submitter(request: HttpRequest) -> None:
    if not selectors.may_submit(request.user):
        raise PermissionDenied("Your role cannot submit intelligence.")


def mine(request: HttpRequest) -> HttpResponse:
    """The intelligence I have drafted and submitted."""
    _require_submitter(request)
    items = selectors.items_submitted_by(user=request.user)
    return render(request, "intelligence/mine.html", {"page": paginate(request, items)})


def new(request: HttpRequest) -> HttpResponse:
    _require_submitter(request)
    form = ItemForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.intelligence_draft_save(actor=request.user, details=form.details()),
            form=form,
            success="Draft saved. Add whom it is about, then submit it.",
            then=lambda item: item,
        )
        if done:
            return done
    return render(request, "intelligence/item_form.html", {"form": form, "item": None})


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.draft_get_for_user(user=request.user, pk=pk)
    form = ItemForm(posted(request), initial=initial_from(item))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.intelligence_draft_save(actor=request.user, item=item, details=form.details()),
            form=form,
            success="Draft saved",
            then=lambda saved: saved,
        )
        if done:
            return done
    return render(request, "intelligence/item_form.html", {"form": form, "item": item})


def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Check the draft and submit it. Submitting an incomplete draft shows what is missing on its form."""
    item = selectors.draft_get_for_user(user=request.user, pk=pk)
    services.intelligence_read_record(user=request.user, item=item, what="Draft")
    if request.method == "POST":
        try:
            done = services.intelligence_submit(actor=request.user, item=item)
        except ValidationError as error:
            # The draft's own answers, with what is missing at each field (GOV.UK error summary).
            form = ItemForm(initial=initial_from(item))
            form.full_clean()
            form.cleaned_data = {}
            show_errors(form, error)
            return render(request, "intelligence/item_form.html", {"form": form, "item": item, "incomplete": True})
        messages.success(request, f"Intelligence {done.reference} sent to the Child Exploitation team")
        return redirect(done)
    context = {
        "item": item,
        "subjects": selectors.item_subjects(item=item),
        "child_links": selectors.item_child_links(item=item),
    }
    return render(request, "intelligence/draft.html", context)


def subject_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.draft_get_for_user(user=request.user, pk=pk)
    form = SubjectForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            lambda: services.intelligence_subject_add(
                actor=request.user, item=item, kind=data["kind"], description=data["description"]
            ),
            form=form,
            success="Added",
            then=item,
        )
        if done:
            return done
    return render(
        request, "intelligence/action_form.html", {"form": form, "item": item, "title": "Who or what else is it about?"}
    )


@require_POST
def subject_remove(request: HttpRequest, pk: int, subject_pk: int) -> HttpResponse:
    item = selectors.draft_get_for_user(user=request.user, pk=pk)
    subject = get_object_or_404(Subject, item=item, pk=subject_pk)
    services.intelligence_subject_remove(actor=request.user, subject=subject)
    messages.success(request, "Removed")
    return redirect(item)


@require_POST
def child_unlink(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    item = selectors.draft_get_for_user(user=request.user, pk=pk)
    link = get_object_or_404(ItemChild, item=item, pk=link_pk)
    services.intelligence_child_unlink(actor=request.user, link=link)
    messages.success(request, "The child is no longer linked")
    return redirect(item)


def child_find(request: HttpRequest, pk: int) -> HttpResponse:
    """Find the child the intelligence is about by an exact search. The searcher learns only whether
    one record matched; they get no access to it. The team may link a child to a submitted item too."""
    item = selectors.item_get_for_user(user=request.user, pk=pk)
    if item.state == item.State.DRAFT:
        if item.submitted_by_id != request.user.pk:
            raise Http404
    elif not selectors.can_triage(request.user, item):
        raise PermissionDenied("Only the Child Exploitation team links a child to submitted intelligence.")
    form = ChildFindForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = []
        done = submit(
            request,
            lambda: found.append(
                services.intelligence_child_find(
                    actor=request.user,
                    item=item,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    date_of_birth=data["date_of_birth"],
                    nhs_number=data["nhs_number"],
                )
            ),
            form=form,
            then=item,
        )
        if done:
            if found and found[0] is not None:
                messages.success(
                    request, "A record matching those details is in the portal: the intelligence is linked to it"
                )
            else:
                messages.info(
                    request,
                    "No single record matched those details. Describe the child as \u201canother young person\u201d "
                    "instead: the Child Exploitation team will link the record.",
                )
            return done
    title = "Find the child in the portal"
    intro = [
        "Enter the child's NHS number, or their first name, last name and date of birth exactly. If one record "
        "matches, the intelligence is linked to it. You will not see the record, and the child's team is told only "
        "that intelligence is held, not what it says."
    ]
    return render(
        request, "intelligence/action_form.html", {"form": form, "item": item, "title": title, "intro": intro}
    )
