"""Transfers in and out, and transfer requests."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from portal.pages import paginate
from transfers import picture, selectors


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
