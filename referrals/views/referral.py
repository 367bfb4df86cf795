"""The referrals home (drafts, referrals made, the queue for MAST), a referral's own page, and a
child's referrals."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from portal import selectors as core_selectors
from portal.pages import paginate, record_read
from referrals import policies, rules, selectors
from referrals.models import MastReferral
from referrals.views.common import require_perm


def home(request: HttpRequest) -> HttpResponse:
    require_perm(request, "referrals.add_mastreferral", "referrals.screen_mastreferral")
    user = request.user
    made = selectors.referrals_made_by(user=user)
    context = {
        "can_refer": user.has_perm("referrals.add_mastreferral"),
        "drafts": made.filter(status=MastReferral.Status.DRAFT),
        "page": paginate(request, made.exclude(status=MastReferral.Status.DRAFT)),
        "is_mast": selectors.is_mast_member(user=user),
        "queue_counts": selectors.queue_counts(user=user),
    }
    return render(request, "referrals/home.html", context)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get_for_user(user=request.user, pk=pk)
    if referral.is_draft:
        return redirect("referrals:check", referral.pk)
    record_read(request, referral.child, what="MAST referral", through=f"referral {referral.reference}")
    screenings = selectors.referral_screenings(referral=referral)
    context = {
        "referral": referral,
        "screenings": screenings,
        "is_mast": selectors.is_mast_for(user=request.user, screenings=screenings),
        "can_screen": policies.can_screen(request.user, referral),
        "can_see_child": core_selectors.child_list_for_user(user=request.user).filter(pk=referral.child_id).exists(),
        "given_identity": rules.given_identity(referral) if referral.child_is_matched else None,
        "history": selectors.referral_history(referral=referral),
        "today": timezone.localdate(),
    }
    return render(request, "referrals/detail.html", context)


def child_referrals(request: HttpRequest, pk: int) -> HttpResponse:
    child = core_selectors.child_get_for_user(user=request.user, pk=pk)
    record_read(request, child, what="MAST referrals")
    context = {
        "child": child,
        "page": paginate(request, selectors.referrals_for_child(user=request.user, child=child)),
        "can_refer": policies.can_refer_about(request.user, child),
    }
    return render(request, "referrals/child_referrals.html", context)
