"""The Early Intervention move pages. Thin: selectors to read, services to write, `portal.pages.submit`
to run a service and answer the GOV.UK way. 404 for a move the user is not on (DESIGN §5), 403 for
one they may see but not act on; a step someone else took first is a clear message on the move's
page, never an error page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from early_intervention import selectors, services
from early_intervention.forms import (
    ContactForm,
    ForwardedForm,
    ItemDoneForm,
    MeetingForm,
    MoveForm,
    PlanItemForm,
    PlanUpdateForm,
    RecordsForm,
    initial_contact,
)
from early_intervention.models import EarlyInterventionMove
from portal import selectors as core_selectors
from portal.forms import ReasonForm
from portal.pages import paginate, posted, record_read, submit

Move = EarlyInterventionMove


def _action_page(request: HttpRequest, move: Move, form, *, title: str, intro: list[str], caption: str = ""):
    context = {"move": move, "form": form, "title": title, "intro": intro, "caption": caption}
    return render(request, "early_intervention/action_form.html", context)


def _working_move(request: HttpRequest, pk: int, message: str) -> Move:
    move = selectors.move_get_for_user(user=request.user, pk=pk)
    record_read(request, move.child, what="Early Intervention move", through=f"move {move.reference}")
    if not selectors.can_work_on(request.user, move):
        raise PermissionDenied(message)
    return move


# --- The list ------------------------------------------------------------------------------------


def move_list(request: HttpRequest) -> HttpResponse:
    """The moves the user is on. From the dashboard: one team's moves that one number counted."""
    if not request.user.has_perm("early_intervention.view_earlyinterventionmove"):
        raise PermissionDenied("Early Intervention moves are for practitioners and their managers.")
    today = timezone.localdate()
    show = request.GET.get("show", "open")
    show = show if show in selectors.LIST_VIEWS else "open"
    moves = selectors.move_list_view(user=request.user, show=show, today=today)
    team_ids = [int(t) for t in request.GET.getlist("team") if t.isdigit()]
    chosen = request.GET.get("filter", "")
    filtered = chosen in selectors.FILTERS
    if team_ids:
        moves = selectors.led_by_teams(moves, team_ids=team_ids)
    if filtered:
        moves = selectors.apply_filter(moves, name=chosen, today=today)
    context = {
        "page": paginate(request, moves),
        "show": show,
        "views": selectors.LIST_VIEWS,
        "filtered": selectors.FILTERS.get(chosen, "") if filtered else "",
        "today": today,
    }
    return render(request, "early_intervention/list.html", context)


# --- Recording a move ----------------------------------------------------------------------------


def move_start(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = core_selectors.child_get_for_user(user=request.user, pk=child_pk)
    record_read(request, child, what="Start an Early Intervention move")
    permissions = core_selectors.child_permissions_for_user(user=request.user, child=child)
    if "change_child" not in permissions or not request.user.has_perm("early_intervention.add_earlyinterventionmove"):
        raise PermissionDenied("The child's lead professional records a move.")
    existing = selectors.open_move_for_child(user=request.user, child=child)
    if existing is not None:
        messages.info(request, f"{child.full_name} already has an Early Intervention move in progress.")
        return redirect(existing)
    form = MoveForm(posted(request), user=request.user, child=child)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.move_record(actor=request.user, child=child, details=form.record()),
            form=form,
            success=lambda move: f"Move {move.reference} recorded: {move.get_state_display().lower()}",
            then=lambda move: move,
            refused_to=child,
        )
        if done:
            return done
    return render(request, "early_intervention/record.html", {"form": form, "child": child})


# --- The move ------------------------------------------------------------------------------------


def move_detail(request: HttpRequest, pk: int) -> HttpResponse:
    move = selectors.move_get_for_user(user=request.user, pk=pk)
    record_read(request, move.child, what="Early Intervention move", through=f"move {move.reference}")
    items = list(selectors.plan_items(move=move))
    rows = list(selectors.checklist(move=move))
    agencies = selectors.move_agencies(move=move)
    context = {
        "move": move,
        "agencies": agencies,
        "meeting": move.recorded_meeting,
        "attendance": selectors.meeting_attendance(move=move),
        "items": items,
        "rows": rows,
        "actions": selectors.move_actions(user=request.user, move=move, items=items, rows=rows, agencies=agencies),
        "outstanding": move.outstanding_steps() if move.state in Move.OUTCOMES else [],
        "escalations": selectors.move_escalations(move=move),
        "history": selectors.move_history(move=move),
        "today": timezone.localdate(),
    }
    return render(request, "early_intervention/detail.html", context)


def agency_contact(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    move = selectors.move_get_for_user(user=request.user, pk=pk)
    record_read(request, move.child, what="Agency contact on a move", through=f"move {move.reference}")
    agency = selectors.agency_get(move=move, pk=agency_pk)
    if not selectors.acts_for_agency(request.user, move, agency):
        raise PermissionDenied("Only the lead professional's team, or the agency itself, names its contact.")
    if not move.is_open:
        messages.error(request, "This move is closed: nothing can be changed.")
        return redirect(move)
    form = ContactForm(posted(request), initial=initial_contact(agency))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            lambda: services.agency_contact_update(
                actor=request.user,
                move=move,
                agency=agency,
                name=data["contact_name"],
                email=data["contact_email"],
                phone=data["contact_phone"],
            ),
            form=form,
            success=f"Contact for {agency.name} saved",
            then=move,
        )
        if done:
            return done
    return _action_page(
        request, move, form, title=f"Named contact: {agency.name}", intro=["Who the other agencies contact."]
    )


def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    move = _working_move(request, pk, "Only the lead professional's team records the multi-agency meeting.")
    if move.state != Move.State.AWAITING_MEETING:
        messages.error(request, selectors.meeting_refused_message(move=move))
        return redirect(move)
    form = MeetingForm(posted(request), move=move)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.move_meeting_record(actor=request.user, move=move, details=form.details()),
            form=form,
            success=lambda recorded: f"Meeting recorded. Outcome: {recorded.get_state_display()}",
            then=move,
        )
        if done:
            return done
    return _action_page(
        request,
        move,
        form,
        title="The multi-agency meeting",
        intro=[
            "After an unplanned move the agencies on the plan meet to discuss the change in circumstances and "
            "consider whether the needs of or the risks to the child have increased. Record what the meeting found "
            "and agreed: the move's outcome follows from it.",
            "If any professional concludes that the child may be at risk of or suffering significant harm, the "
            "outcome is a referral without delay.",
        ],
    )


def plan_updated(request: HttpRequest, pk: int) -> HttpResponse:
    move = _working_move(request, pk, "Only the lead professional's team updates the Early Intervention plan.")
    if move.state not in Move.PLAN_UPDATES or move.plan_updated_on is not None:
        messages.error(request, "The plan update is not due on this move.")
        return redirect(move)
    form = PlanUpdateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.move_plan_update_confirm(
                actor=request.user,
                move=move,
                updated_on=form.cleaned_data["updated_on"],
                summary=form.cleaned_data["summary"],
            ),
            form=form,
            success="The Early Intervention plan update is recorded",
            then=move,
        )
        if done:
            return done
    return _action_page(
        request,
        move,
        form,
        title="The Early Intervention plan is updated",
        intro=["The meeting found no referral is needed: the plan is updated to reflect the change in circumstances."],
    )


def plan_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    move = _working_move(request, pk, "Only the lead professional's team writes the agreed transfer plan.")
    if move.state not in Move.WITH_PLAN_ITEMS:
        messages.error(request, "This move has no transfer plan to add to.")
        return redirect(move)
    form = PlanItemForm(posted(request), move=move)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.plan_item_add(actor=request.user, move=move, details=form.details()),
            form=form,
            success="Added to the agreed transfer plan",
            then=move,
        )
        if done:
            return done
    return _action_page(
        request,
        move,
        form,
        title="Add to the agreed transfer plan",
        intro=[
            "The agencies agree, with the family's consent, how and when information is transferred to the "
            "equivalent agencies in the receiving authority, and what they expect of those agencies in continuing "
            "to support the family."
        ],
    )


def plan_item_done(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    move = selectors.move_get_for_user(user=request.user, pk=pk)
    record_read(request, move.child, what="Early Intervention plan", through=f"move {move.reference}")
    item = selectors.plan_item_get(move=move, pk=item_pk)
    if not selectors.acts_for_agency(request.user, move, item.sending_agency):
        raise PermissionDenied("Only the sending agency, or the lead professional's team, ticks this off.")
    if item.is_done or move.state not in Move.WITH_PLAN_ITEMS:
        messages.error(request, "This item cannot be ticked off now.")
        return redirect(move)
    form = ItemDoneForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.plan_item_done(
                actor=request.user,
                item=item,
                sent_on=form.cleaned_data["sent_on"],
                method=form.cleaned_data["method"],
            ),
            form=form,
            success="Ticked off: the decision to share is recorded",
            then=move,
        )
        if done:
            return done
    return _action_page(
        request,
        move,
        form,
        title="Tick off a plan item",
        caption=f"{item.sending_agency.name} to {item.receiving_agency}",
        intro=[f"What is sent: {item.information}", "It is recorded as a decision to share, with consent."],
    )


STEPS = {"records": RecordsForm, "forwarded": ForwardedForm}


def records_check(request: HttpRequest, pk: int, row_pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("No such step")
    move = selectors.move_get_for_user(user=request.user, pk=pk)
    record_read(request, move.child, what="Agencies' records check", through=f"move {move.reference}")
    row = selectors.checklist_row_get(move=move, pk=row_pk)
    if not selectors.acts_for_agency(request.user, move, row.agency):
        raise PermissionDenied("Only the agency itself, or the lead professional's team, confirms its records.")
    confirmed = row.records_confirmed if step == "records" else row.forwarded
    if confirmed or move.state != Move.State.PLAN_UPDATED_CHECKLIST:
        messages.error(request, "This has been confirmed already.")
        return redirect(move)
    form = STEPS[step](posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def confirm():
            if step == "records":
                return services.checklist_confirm_records(
                    actor=request.user, row=row, confirmed_on=data["on"], confirmed_by_name=data["by_name"]
                )
            return services.checklist_confirm_forwarded(
                actor=request.user,
                row=row,
                forwarded_on=data["on"],
                forwarded_by_name=data["by_name"],
                forwarded_to=data["forwarded_to"],
            )

        done = submit(request, confirm, form=form, success=f"{row.agency.name}: confirmed", then=move)
        if done:
            return done
    intro = (
        ["The agency's records are up to date and accurately reflect its involvement with the family."]
        if step == "records"
        else ["The agency has forwarded its own records to the receiving authority, under its own procedures."]
    )
    title = "Records up to date" if step == "records" else "Records forwarded"
    return _action_page(request, move, form, title=title, caption=row.agency.name, intro=intro)


def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    move = _working_move(request, pk, "Only the lead professional's team withdraws a move.")
    if move.state not in Move.WITHDRAWABLE:
        messages.error(request, f"This move is {move.get_state_display().lower()}.")
        return redirect(move)
    form = ReasonForm(
        posted(request),
        label="Why are you withdrawing the move?",
        message="Explain why the move is withdrawn",
        submit_label="Withdraw the move",
        help_text="For example, the family did not move after all",
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.move_withdraw(actor=request.user, move=move, reason=form.cleaned_data["reason"]),
            form=form,
            success="Move withdrawn",
            then=move,
        )
        if done:
            return done
    return _action_page(
        request,
        move,
        form,
        title="Withdraw the move",
        intro=[
            "Withdraw a move that did not happen, or was recorded in error. The other agencies are told, and their "
            "access to the child's record on the strength of this move ends."
        ],
    )
