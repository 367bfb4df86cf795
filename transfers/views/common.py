"""What the transfers pages share."""

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from transfers.models import CinTransfer


def action_page(
    request: HttpRequest,
    transfer: CinTransfer,
    form: Form,
    *,
    title: str,
    intro: list[str],
    warning: str = "",
    multipart: bool = False,
) -> HttpResponse:
    """One form about the transfer, with a title and what the user should know first."""
    context = {
        "transfer": transfer,
        "form": form,
        "title": title,
        "intro": intro,
        "warning": warning,
        "multipart": multipart,
    }
    return render(request, "transfers/cin_action_form.html", context)
