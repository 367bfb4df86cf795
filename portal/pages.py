"""Small helpers every app's views share: submitted data, pagination, running a service, and
logging each read of a child's information.

`submit` is the one place a view turns what a service refused into the GOV.UK response: a
`ValidationError` goes on the form it belongs to (the error summary), an invalid transition (someone
got there first, the record moved on, a decision resubmitted) answers with the "already done" page
(`already_done`: what happened, when and by whom, and a link to the record), and a
`PermissionDenied` stays a 403. Views never copy that try/except again.
"""

import logging
import re
from collections.abc import Callable, Collection
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_fsm import TransitionNotAllowed

from portal import selectors
from portal.logs import log_event
from portal.services import (
    InvalidTransition,
    access_event_record,
    access_events_record,
    access_events_record_for_children,
)
from portal.text import datetime_text

PAGE_SIZE = 25
# ASCII digits only (str.isdigit() also accepts "²", which int() refuses), and no more than a
# bigint can hold.
_PRIMARY_KEY = re.compile(r"[0-9]{1,18}")

logger = logging.getLogger("portal.refusals")

# Where to go: a model (its get_absolute_url), a URL or URL name, or a function of the service's result.
Destination = models.Model | str | Callable[[Any], models.Model | str | HttpResponse]


def record_read(request: HttpRequest, child, *, what: str, through: str = "") -> None:
    """Log that the user read information about `child` (DESIGN §6): every page, export, print view
    and document download that shows data about a child calls this, for everyone but the child's
    allocated worker, with the basis the read was allowed on: the user's grants on the child, or
    else the record it was read through (`through`, such as the transfer package a team sent)."""
    user = request.user
    if child is None or child.allocated_worker_id == user.pk:
        return
    access_event_record(
        user=user, child=child, what=what, basis=selectors.child_access_basis(user=user, child=child, through=through)
    )


def record_reads(request: HttpRequest, reads: list[tuple]) -> None:
    """`record_read` for several children shown on one page, each (child, what): each read is its
    own access event, and they are written together (issue 14: a page's cost does not grow with the
    children it shows). The allocated worker's reads are not logged, as in `record_read`."""
    user = request.user
    reads = [(child, what) for child, what in reads if child.allocated_worker_id != user.pk]
    if not reads:
        return
    bases = selectors.child_access_bases(user=user, children=[child for child, _ in reads])
    access_events_record(user=user, reads=[(child, bases[child.pk], what) for child, what in reads])


def record_reads_of(request: HttpRequest, child_ids: Collection[int], *, what: str) -> None:
    """`record_reads` for children known only by id, all read as `what` (a chunk of an export:
    thousands of children), with no model instance per child: the bases are read from the columns
    they need and the events written in one statement. The allocated worker's reads are not logged."""
    user = request.user
    access_events_record_for_children(user=user, bases=selectors.child_read_bases(user=user, pks=child_ids), what=what)


def posted(request: HttpRequest):
    """The submitted data, or None for a GET. Never `request.POST or None`: an empty POST must still
    bind the form, so the error summary shows."""
    return request.POST if request.method == "POST" else None


def number_param(value) -> int | None:
    """A primary key from a query string or a posted field, or None for anything else."""
    return int(value) if isinstance(value, str) and _PRIMARY_KEY.fullmatch(value) else None


def paginate(request: HttpRequest, items, size: int = PAGE_SIZE) -> Page:
    return Paginator(items, size).get_page(request.GET.get("page"))


def show_errors(form, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError on the form: each field's errors on that field (renamed where
    the form calls it something else), the rest at the top of the error summary."""
    rename = rename or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            name = rename.get(name, name)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def submit[T](
    request: HttpRequest,
    call: Callable[[], T],
    *,
    then: Destination,
    success: str | Callable[[T], str] = "",
    form=None,
    rename: dict[str, str] | None = None,
    refused_to: Destination | None = None,
) -> HttpResponse | None:
    """Run a service for a view and answer the GOV.UK way.

    Done: the success message (if any) and a redirect to `then`. Refused with a ValidationError: the
    errors go on `form` and None comes back, so the view shows the form again with its error summary
    (with no form, the messages are shown on `refused_to`). Refused because the record moved on: its
    message on `refused_to` (default `then`). PermissionDenied is not caught: it is a 403.
    """
    try:
        result = call()
    except ValidationError as error:
        log_event(logger, "service.invalid", view=_view_name(request), fields=sorted(_error_fields(error)))
        if form is not None:
            show_errors(form, error, rename)
            return None
        for message in error.messages:
            messages.error(request, message)
        return _go(refused_to if refused_to is not None else then, None)
    except (InvalidTransition, TransitionNotAllowed) as error:
        log_event(logger, "service.stale", view=_view_name(request), error=type(error).__name__)
        message = str(error) or "This record has moved on since you opened it."
        destination = refused_to if refused_to is not None else then
        if isinstance(destination, models.Model) and hasattr(destination, "get_absolute_url"):
            return already_done(request, destination, message)
        messages.error(request, message)
        return _go(destination, None)
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return _go(then, result)


def already_done(request: HttpRequest, record: models.Model, message: str) -> HttpResponse:
    """The GOV.UK answer to an action already done: the message, the record's latest recorded change
    (what, by whom, when: its history) and a link to the record. 409: the request was understood
    but the record had moved on."""
    latest = record.history.first() if hasattr(record, "history") else None  # type: ignore[attr-defined]
    last_change = None
    if latest is not None:
        last_change = {
            "reason": latest.history_change_reason or "Changed",
            "by": latest.history_user or "",
            "when": datetime_text(latest.history_date),
        }
    context = {"message": message, "last_change": last_change, "record_url": record.get_absolute_url()}  # type: ignore[attr-defined]
    return render(request, "already_done.html", context, status=409)


def _go(destination: Destination, result: Any) -> HttpResponse:
    if callable(destination) and not isinstance(destination, models.Model):
        destination = destination(result)
    if isinstance(destination, HttpResponse):
        return destination
    return redirect(destination)


def _error_fields(error: ValidationError) -> set[str]:
    return set(error.error_dict) if hasattr(error, "error_dict") else {"__all__"}


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else ""
