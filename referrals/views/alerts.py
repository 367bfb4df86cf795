"""Alerts to MAST: the list, raising one, and MAST acknowledging, linking and closing it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from portal import extensions
from portal import selectors as core_selectors
from portal.forms import ChildSearchForm
from portal.pages import number_param, paginate, posted, record_read, submit
from referrals import policies, selectors, services
from referrals.forms import AlertCloseForm, AlertForm, AlertLinkReferralForm
from referrals.models import MastAlert
from referrals.views.common import require_perm


def alert_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "referrals.add_mastalert", "referrals.act_on_mastalert")
    state = request.GET.get("state", "")
    if state == "open":
        alerts = selectors.open_alerts_for_mast(user=request.user)
        authority_id = number_param(request.GET.get("authority"))
        if authority_id:
            alerts = alerts.filter(authority_id=authority_id)
    else:
        alerts = selectors.alert_list_for_user(user=request.user)
    context = {
        "state": state,
        "page": paginate(request, alerts),
        "can_raise": bool(policies.alert_kinds_for(request.user)) and request.user.has_perm("referrals.add_mastalert"),
    }
    return render(request, "referrals/alert_list.html", context)


def alert_new(request: HttpRequest) -> HttpResponse:
    require_perm(request, "referrals.add_mastalert")
    kinds = policies.alert_kinds_for(request.user)
    if not kinds:
        raise PermissionDenied("Your account has no organisation: ask an administrator.")
    organisation = request.user.organisation
    form = AlertForm(
        posted(request),
        kinds=kinds,
        authorities=selectors.local_authorities(),
        children=core_selectors.child_list_for_user(user=request.user),
        initial={"authority": organisation.local_authority.pk if organisation.local_authority else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            lambda: services.alert_raise(
                actor=request.user,
                details=services.AlertDetails(
                    kind=data["kind"],
                    authority=data["authority"],
                    what_is_known=data["what_is_known"],
                    child=data["child"],
                    child_first_name=data["child_first_name"],
                    child_last_name=data["child_last_name"],
                    child_date_of_birth=data["child_date_of_birth"],
                    current_address=data["current_address"],
                    previous_area=data["previous_area"],
                    risk_assessment=data["risk_assessment"],
                ),
            ),
            form=form,
            success=lambda alert: f"Alert sent to {alert.authority} MAST",
            then=lambda alert: alert,
        )
        if done:
            return done
    return render(request, "referrals/alert_form.html", {"form": form})


def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The alert, and for MAST of the receiving authority: acknowledge, close, or link a referral."""
    alert = selectors.alert_get_for_user(user=request.user, pk=pk)
    record_read(request, alert.child, what="Alert to MAST", through="an alert to MAST")
    can_act = policies.can_act_on_alert(request.user, alert)
    close_form = AlertCloseForm()
    link_form = AlertLinkReferralForm()
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied("Only MAST of the receiving authority can act on this alert.")
        action = request.POST.get("action")
        done = None
        if action == "acknowledge":
            done = submit(
                request,
                lambda: services.alert_acknowledge(actor=request.user, alert=alert),
                success="Alert acknowledged",
                then=alert,
            )
        elif action == "close":
            close_form = AlertCloseForm(request.POST)
            if close_form.is_valid():
                done = submit(
                    request,
                    lambda: services.alert_close(
                        actor=request.user, alert=alert, action_taken=close_form.cleaned_data["action_taken"]
                    ),
                    form=close_form,
                    success="Alert closed",
                    then=alert,
                )
        elif action == "link_referral":
            link_form = AlertLinkReferralForm(request.POST)
            if link_form.is_valid():
                done = _link_referral(request, alert, link_form)
        if done:
            return done
    context = {
        "alert": alert,
        "can_act": can_act,
        "close_form": close_form,
        "link_form": link_form,
        "can_see_child": bool(alert.child_id)
        and core_selectors.child_list_for_user(user=request.user).filter(pk=alert.child_id).exists(),
        "history": alert.history.select_related("history_user").order_by("history_date"),
        # Work other apps start from the alert (a transfer request from "moved in"), for those allowed.
        "actions": (
            extensions.record_actions("mast_alert", user=request.user, record=alert)
            if policies.alert_reader_team_kinds(alert) and not alert.is_closed
            else []
        ),
        "back": reverse(
            "referrals:alert_list"
            if request.user.has_perm("referrals.add_mastalert") or request.user.has_perm("referrals.act_on_mastalert")
            else "portal:home"
        ),
    }
    return render(request, "referrals/alert_detail.html", context)


def _link_referral(request: HttpRequest, alert: MastAlert, form: AlertLinkReferralForm) -> HttpResponse | None:
    """Link the referral with the reference typed, if the user may see it; else an error on the form."""
    referral = selectors.referral_get_by_reference_for_user(user=request.user, reference=form.cleaned_data["reference"])
    if referral is None:
        form.add_error("reference", "No referral you can see has this reference number")
        return None
    return submit(
        request,
        lambda: services.alert_link_referral(actor=request.user, alert=alert, referral=referral),
        form=form,
        success=f"Alert linked to referral {referral.reference}",
        then=alert,
    )


def alert_link_child(request: HttpRequest, pk: int) -> HttpResponse:
    """Find the child among those MAST can see (search is POSTed: no names in URLs) and link them."""
    alert = selectors.alert_get_for_user(user=request.user, pk=pk)
    if not policies.can_act_on_alert(request.user, alert):
        raise PermissionDenied("Only MAST of the receiving authority can act on this alert.")
    results = None
    initial = {"name": alert.child_name, "date_of_birth": alert.child_date_of_birth}
    form = ChildSearchForm(initial=initial)
    if request.method == "POST" and request.POST.get("child"):
        child = core_selectors.child_list_for_user(user=request.user).filter(pk=request.POST["child"]).first()
        if child is None:
            messages.error(request, "Choose a child you can see")
            return redirect(alert)
        return submit(
            request,
            lambda: services.alert_link_child(actor=request.user, alert=alert, child=child),
            success="Alert linked to the child's record",
            then=alert,
        )
    if request.method == "POST":
        form = ChildSearchForm(request.POST)
        if form.is_valid():
            results = list(
                core_selectors.child_search(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    date_of_birth=form.cleaned_data["date_of_birth"],
                    nhs_number=form.cleaned_data["nhs_number"],
                )[:50]
            )
    return render(request, "referrals/alert_link_child.html", {"alert": alert, "form": form, "results": results})
