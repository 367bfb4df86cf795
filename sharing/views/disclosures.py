"""What was shared with the user: the recipient of a decision to share sees the disclosure (what,
when, by whom and why, and enough to match the child), not the child's record (DESIGN §5)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.pages import paginate, record_read
from sharing import selectors
from sharing.models import InformationCategory


def disclosure_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.disclosure_list_for_user(user=request.user))
    return render(request, "sharing/disclosure_list.html", {"page": page})


def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.disclosure_get_for_user(user=request.user, pk=pk)
    record_read(request, decision.child, what="What was shared with them (disclosure)")
    categories = [InformationCategory(c).label for c in decision.categories if c in InformationCategory.values]
    return render(request, "sharing/disclosure_detail.html", {"decision": decision, "categories": categories})
