"""The information governance home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from portal import policies
from sharing import selectors
from sharing.models import SharingDecision


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    reviewer = policies.is_reviewer(user)
    context = {
        "drafts": selectors.decision_drafts_for_user(user=user)[:20],
        "notices": selectors.privacy_notice_list_for_user(user=user).filter(status="pending")[:20],
        "awaiting_advice": (
            selectors.decision_log_for_organisation(organisation=user.organisation).filter(
                status=SharingDecision.Status.AWAITING_ADVICE
            )
            if reviewer
            else []
        ),
        "agreements_due": selectors.agreements_due_for_review(today=today)[:10],
        "is_reviewer": reviewer,
        "today": today,
    }
    return render(request, "sharing/home.html", context)
