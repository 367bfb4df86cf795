"""Small helpers every app's views share: submitted data, pagination, and service errors shown on
the form they belong to."""

import re

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 25
# ASCII digits only (str.isdigit() also accepts "²", which int() refuses), and no more than a
# bigint can hold.
_PRIMARY_KEY = re.compile(r"[0-9]{1,18}")


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
