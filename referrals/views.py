"""Pages for MAST referrals, screening and alerts. Thin: selectors to read, services to write.
404 for what the user may not see, 403 for what they may see but not do (DESIGN §5)."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal import selectors as core_selectors
from portal.forms import ChildSearchForm
from portal.pages import number_param, paginate, posted, show_errors
from portal.services import InvalidTransition
from referrals import rules, selectors, services
from referrals.forms import (
    AlertCloseForm,
    AlertForm,
    AlertLinkReferralForm,
    ReferralChildChoiceForm,
    ReferralChildForm,
    ReferralChildMatchForm,
    ReferralConcernForm,
    ReferralConsentForm,
    ReferralFamilyForm,
    ScreeningCheckForm,
    ScreeningOutcomeForm,
)
from referrals.models import MastReferral
from referrals.rules import ChildIdentity, identity_match

STEP_URLS = {
    "child": "referrals:step_child",
    "concern": "referrals:step_concern",
    "family": "referrals:step_family",
    "consent": "referrals:step_consent",
}
NEXT_STEP = {"child": "concern", "concern": "family", "family": "consent", "consent": None}


def _require_perm(request: HttpRequest, *permissions: str) -> None:
    if not any(request.user.has_perm(permission) for permission in permissions):
        raise PermissionDenied("Your role does not include this.")


def _step_url(referral: MastReferral, section: str) -> str:
    return reverse(STEP_URLS[section], args=[referral.pk])


def _after_step(request: HttpRequest, referral: MastReferral, section: str) -> HttpResponse:
    if request.GET.get("change") or NEXT_STEP[section] is None:
        return redirect("referrals:check", referral.pk)
    return redirect(STEP_URLS[NEXT_STEP[section]], referral.pk)


# --- Making a referral ---------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    _require_perm(request, "referrals.add_mastreferral", "referrals.screen_mastreferral")
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


def start(request: HttpRequest, child_pk: int | None = None) -> HttpResponse:
    """The start page: who should refer, when consent is not sought, and where to get advice."""
    _require_perm(request, "referrals.add_mastreferral")
    child = None
    if child_pk is not None:
        child = core_selectors.child_get_for_user(user=request.user, pk=child_pk)
        if not services.can_refer_about(request.user, child):
            raise PermissionDenied("You can only refer a child whose record you work on.")
    if request.method == "POST":
        try:
            key = uuid.UUID(request.POST.get("creation_key", ""))
        except ValueError:
            key = uuid.uuid4()
        referral, _ = services.referral_start(actor=request.user, creation_key=key, child=child)
        if not referral.is_draft:
            return redirect(referral)
        return redirect(_step_url(referral, "concern" if referral.child_id else "child"))
    return render(request, "referrals/start.html", {"child": child, "creation_key": uuid.uuid4()})


def _draft(request: HttpRequest, pk: int) -> MastReferral:
    return selectors.draft_get_for_user(user=request.user, pk=pk)


def step_child(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _draft(request, pk)
    if not referral.is_draft:
        return redirect(referral)
    children = selectors.children_to_refer(user=request.user)
    form = ReferralChildChoiceForm(posted(request), children=children, initial={"child": referral.child_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_choose_child(actor=request.user, referral=referral, child=form.cleaned_data["child"])
        except InvalidTransition as error:
            messages.error(request, str(error))
            return redirect(referral)
        return _after_step(request, referral, "child")
    context = {
        "referral": referral,
        "form": form,
        "has_children": children.exists(),
        "can_add_child": request.user.has_perm("portal.add_child"),
    }
    return render(request, "referrals/step_child.html", context)


def step_child_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the child, with the core's duplicate check, and refer them."""
    referral = _draft(request, pk)
    if not referral.is_draft:
        return redirect(referral)
    if not request.user.has_perm("portal.add_child"):
        raise PermissionDenied("You cannot record children.")
    duplicates = []
    referable: set[int] = set()
    matched: set[int] = set()
    authority = None
    form = ReferralChildForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        details = form.details()
        authority = details.local_authority
        duplicates = core_selectors.child_possible_duplicates(
            user=request.user,
            nhs_number=details.nhs_number,
            first_name=details.first_name,
            last_name=details.last_name,
            date_of_birth=details.date_of_birth,
        )
        referable = set(
            selectors.children_to_refer(user=request.user)
            .filter(pk__in=[d.child.pk for d in duplicates])
            .values_list("pk", flat=True)
        )
        identity = ChildIdentity(
            nhs_number=details.nhs_number,
            first_name=details.first_name,
            last_name=details.last_name,
            date_of_birth=details.date_of_birth,
        )
        # Records the referrer does not work on that their details identify exactly: they may refer
        # them without seeing them (the match is checked again when they choose one).
        matched = {d.child.pk for d in duplicates if d.child.pk not in referable and identity_match(d.child, identity)}
        nhs_taken = any(d.reason == "the same NHS number" for d in duplicates)
        confirmed = request.POST.get("confirm_not_duplicate") == "on"
        if nhs_taken or (duplicates and not confirmed):
            form = ReferralChildForm(request.POST, user=request.user, duplicates=duplicates)
            form.is_valid()
            if nhs_taken:
                form.add_error("nhs_number", "A child with this NHS number is already recorded")
            else:
                form.add_error(
                    "confirm_not_duplicate", "Check the possible matches below, and confirm this is a different child"
                )
        else:
            try:
                services.referral_create_child(
                    actor=request.user, referral=referral, details=details, team=form.cleaned_data["team"]
                )
            except ValidationError as error:
                show_errors(form, error)
            except InvalidTransition as error:
                messages.error(request, str(error))
                return redirect(referral)
            else:
                return _after_step(request, referral, "child")
    context = {
        "referral": referral,
        "form": form,
        "duplicates": duplicates,
        "referable": referable,
        "matched": matched,
        "carried": _carried_identity(request),
        "authority": authority,
    }
    return render(request, "referrals/step_child_new.html", context)


CHILD_MATCH_FIELDS = ("nhs_number", "first_name", "last_name", "date_of_birth_0", "date_of_birth_1", "date_of_birth_2")


def _carried_identity(request: HttpRequest) -> list[tuple[str, str]]:
    """What the referrer typed, sent again (POST, never in a URL) when they choose a matching record."""
    if request.method != "POST":
        return []
    return [(name, request.POST.get(name, "")) for name in CHILD_MATCH_FIELDS]


@require_POST
def step_child_match(request: HttpRequest, pk: int) -> HttpResponse:
    """Refer a record the referrer does not work on, found by the details they typed. The exact match
    is made again here from what they typed in this request, as emergency access does: a record's pk
    that those details do not identify is a 404. They are shown nothing of the record."""
    referral = _draft(request, pk)
    if not referral.is_draft:
        return redirect(referral)
    _require_perm(request, "referrals.add_mastreferral")
    form = ReferralChildMatchForm(request.POST)
    if not form.is_valid():
        raise Http404("No matching record")
    identity = form.identity()
    chosen = next(
        (c for c in selectors.children_matching(identity=identity) if str(c.pk) == request.POST.get("child")), None
    )
    if chosen is None:
        raise Http404("No matching record")
    try:
        services.referral_choose_matched_child(actor=request.user, referral=referral, child=chosen, identity=identity)
    except InvalidTransition as error:
        messages.error(request, str(error))
        return redirect(referral)
    return _after_step(request, referral, "child")


SECTION_FORMS = {
    "concern": (ReferralConcernForm, "Your concern"),
    "family": (ReferralFamilyForm, "The child's and family's views"),
    "consent": (ReferralConsentForm, "Agreement to the referral"),
}


def _section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    referral = _draft(request, pk)
    if not referral.is_draft:
        return redirect(referral)
    form_class, title = SECTION_FORMS[section]
    kwargs = {}
    if section == "consent":
        if referral.child_id is None:
            messages.error(request, "Choose the child first: agreement is about their record.")
            return redirect(_step_url(referral, "child"))
        if referral.child_is_matched:
            # The referrer cannot see the child's record: they name the parent or carer instead.
            kwargs.update(parents=[], matched=True)
        else:
            kwargs["parents"] = selectors.parents_with_responsibility(child=referral.child)
    saving_draft = "save_draft" in request.POST
    if request.method == "POST":
        form = form_class(request.POST, draft=saving_draft, **kwargs)
    else:
        form = form_class(initial=form_class.initial_from(referral), **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_update(
                actor=request.user,
                referral=referral,
                section=section,
                changes=form.changes(),
                new_consent_person=form.new_person() if section == "consent" else None,
            )
        except ValidationError as error:
            show_errors(form, error)
        except InvalidTransition as error:
            messages.error(request, str(error))
            return redirect(referral)
        else:
            if saving_draft:
                messages.success(request, "Your draft referral has been saved. Continue it from Referrals.")
                return redirect("referrals:home")
            return _after_step(request, referral, section)
    context = {"referral": referral, "form": form, "section": section, "title": title}
    return render(request, f"referrals/step_{section}.html", context)


def step_concern(request: HttpRequest, pk: int) -> HttpResponse:
    return _section(request, pk, "concern")


def step_family(request: HttpRequest, pk: int) -> HttpResponse:
    return _section(request, pk, "family")


def step_consent(request: HttpRequest, pk: int) -> HttpResponse:
    return _section(request, pk, "consent")


def resume(request: HttpRequest, pk: int) -> HttpResponse:
    """Continue a draft where it was left: the first section with an unanswered question."""
    referral = _draft(request, pk)
    if not referral.is_draft:
        return redirect(referral)
    section = rules.first_incomplete_section(rules.missing_answers(referral, today=timezone.localdate()))
    return redirect(_step_url(referral, section) if section else reverse("referrals:check", args=[referral.pk]))


def check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then send. A second send of the same referral lands on its confirmation."""
    referral = _draft(request, pk)
    if not referral.is_draft:
        return redirect("referrals:sent", referral.pk)
    problems = rules.missing_answers(referral, today=timezone.localdate())
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.referral_submit(actor=request.user, referral=referral)
        except InvalidTransition:
            return redirect("referrals:sent", referral.pk)
        except services.IncompleteReferral as error:
            problems = error.problems
        except ValidationError as error:
            errors = error.messages
        else:
            return redirect("referrals:sent", referral.pk)
    context = {
        "referral": referral,
        "problems": problems if request.method == "POST" else [],
        "incomplete": rules.sections_complete(problems),
        "errors": errors,
        "step_urls": {section: _step_url(referral, section) for section in STEP_URLS},
    }
    return render(request, "referrals/check.html", context)


def sent(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _draft(request, pk)
    if referral.is_draft:
        return redirect("referrals:check", referral.pk)
    return render(request, "referrals/sent.html", {"referral": referral})


# --- Seeing a referral ---------------------------------------------------------------------------


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get_for_user(user=request.user, pk=pk)
    if referral.is_draft:
        return redirect("referrals:check", referral.pk)
    screenings = selectors.referral_screenings(referral=referral)
    context = {
        "referral": referral,
        "screenings": screenings,
        "is_mast": selectors.is_mast_for(user=request.user, screenings=screenings),
        "can_screen": services.can_screen(request.user, referral),
        "can_see_child": core_selectors.child_list_for_user(user=request.user).filter(pk=referral.child_id).exists(),
        "given_identity": services.given_identity(referral) if referral.child_is_matched else None,
        "history": selectors.referral_history(referral=referral),
        "today": timezone.localdate(),
    }
    return render(request, "referrals/detail.html", context)


def child_referrals(request: HttpRequest, pk: int) -> HttpResponse:
    child = core_selectors.child_get_for_user(user=request.user, pk=pk)
    context = {
        "child": child,
        "page": paginate(request, selectors.referrals_for_child(user=request.user, child=child)),
        "can_refer": services.can_refer_about(request.user, child),
    }
    return render(request, "referrals/child_referrals.html", context)


# --- Screening -----------------------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    return number_param(value)


def queue(request: HttpRequest) -> HttpResponse:
    """The screening queue, optionally narrowed to one authority and to overdue or due-today
    referrals (the dashboard's numbers link here)."""
    _require_perm(request, "referrals.screen_mastreferral")
    today = timezone.localdate()
    state = request.GET.get("state", "")
    referrals = selectors.filter_queue(
        selectors.screening_queue_for_user(user=request.user),
        today=today,
        authority_id=_int(request.GET.get("authority")),
        state=state,
    )
    context = {
        "state": state,
        "page": paginate(request, referrals, size=50),
        "alerts": selectors.open_alerts_for_mast(user=request.user)[:50],
        "recent": selectors.recently_screened_for_user(user=request.user),
        "today": today,
    }
    context["rows"] = selectors.queue_rows(referrals=context["page"].object_list, today=today)
    return render(request, "referrals/queue.html", context)


def _screenable(request: HttpRequest, pk: int) -> MastReferral:
    referral = selectors.referral_get_for_user(user=request.user, pk=pk)
    if referral.is_draft or not services.can_screen(request.user, referral):
        raise PermissionDenied("Only MAST of the authority screening this referral can do that.")
    return referral


@require_POST
def screen_start(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _screenable(request, pk)
    try:
        services.screening_start(actor=request.user, referral=referral)
    except InvalidTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Screening started")
    return redirect(referral)


def screen_check(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _screenable(request, pk)
    if referral.status != MastReferral.Status.IN_SCREENING:
        messages.error(request, "Start screening the referral before recording checks.")
        return redirect(referral)
    form = ScreeningCheckForm(posted(request), initial={"checked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.screening_check_record(
                actor=request.user,
                referral=referral,
                details=services.CheckDetails(
                    agency=data["agency"],
                    contact=data["contact"],
                    checked_on=data["checked_on"],
                    information=data["information"],
                ),
            )
        except ValidationError as error:
            show_errors(form, error)
        except InvalidTransition as error:
            messages.error(request, str(error))
            return redirect(referral)
        else:
            messages.success(request, "Check recorded")
            return redirect(referral)
    return render(request, "referrals/screen_check.html", {"referral": referral, "form": form})


def screen_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _screenable(request, pk)
    if referral.status != MastReferral.Status.IN_SCREENING:
        messages.error(request, "Start screening the referral before recording an outcome.")
        return redirect(referral)
    authorities = selectors.local_authorities().exclude(pk=referral.authority_id)
    form = ScreeningOutcomeForm(posted(request), authorities=authorities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.screening_outcome_record(
                actor=request.user,
                referral=referral,
                outcome=data["outcome"],
                reasons=data["reasons"],
                passed_to=data["passed_to"],
            )
        except ValidationError as error:
            show_errors(form, error)
        except InvalidTransition as error:
            messages.error(request, str(error))
            return redirect(referral)
        else:
            messages.success(request, "Outcome recorded. The referrer has been told.")
            return redirect(referral)
    return render(request, "referrals/screen_outcome.html", {"referral": referral, "form": form})


# --- Alerts to MAST ------------------------------------------------------------------------------


def alert_list(request: HttpRequest) -> HttpResponse:
    _require_perm(request, "referrals.add_mastalert", "referrals.act_on_mastalert")
    state = request.GET.get("state", "")
    if state == "open":
        alerts = selectors.open_alerts_for_mast(user=request.user)
        authority_id = _int(request.GET.get("authority"))
        if authority_id:
            alerts = alerts.filter(authority_id=authority_id)
    else:
        alerts = selectors.alert_list_for_user(user=request.user)
    context = {
        "state": state,
        "page": paginate(request, alerts),
        "can_raise": bool(services.alert_kinds_for(request.user)) and request.user.has_perm("referrals.add_mastalert"),
    }
    return render(request, "referrals/alert_list.html", context)


def alert_new(request: HttpRequest) -> HttpResponse:
    _require_perm(request, "referrals.add_mastalert")
    kinds = services.alert_kinds_for(request.user)
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
        try:
            alert = services.alert_raise(
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
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Alert sent to {alert.authority} MAST")
            return redirect(alert)
    return render(request, "referrals/alert_form.html", {"form": form})


def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = selectors.alert_get_for_user(user=request.user, pk=pk)
    can_act = services.can_act_on_alert(request.user, alert)
    close_form = AlertCloseForm()
    link_form = AlertLinkReferralForm()
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied("Only MAST of the receiving authority can act on this alert.")
        action = request.POST.get("action")
        try:
            if action == "acknowledge":
                services.alert_acknowledge(actor=request.user, alert=alert)
                messages.success(request, "Alert acknowledged")
                return redirect(alert)
            if action == "close":
                close_form = AlertCloseForm(request.POST)
                if close_form.is_valid():
                    services.alert_close(
                        actor=request.user, alert=alert, action_taken=close_form.cleaned_data["action_taken"]
                    )
                    messages.success(request, "Alert closed")
                    return redirect(alert)
            if action == "link_referral":
                link_form = AlertLinkReferralForm(request.POST)
                if link_form.is_valid():
                    referral = selectors.referral_get_by_reference_for_user(
                        user=request.user, reference=link_form.cleaned_data["reference"]
                    )
                    if referral is None:
                        link_form.add_error("reference", "No referral you can see has this reference number")
                    else:
                        services.alert_link_referral(actor=request.user, alert=alert, referral=referral)
                        messages.success(request, f"Alert linked to referral {referral.reference}")
                        return redirect(alert)
        except ValidationError as error:
            show_errors(close_form if action == "close" else link_form, error)
        except InvalidTransition as error:
            messages.error(request, str(error))
            return redirect(alert)
    context = {
        "alert": alert,
        "can_act": can_act,
        "close_form": close_form,
        "link_form": link_form,
        "can_see_child": bool(alert.child_id)
        and core_selectors.child_list_for_user(user=request.user).filter(pk=alert.child_id).exists(),
        "history": alert.history.select_related("history_user").order_by("history_date"),
    }
    return render(request, "referrals/alert_detail.html", context)


def alert_link_child(request: HttpRequest, pk: int) -> HttpResponse:
    """Find the child among those MAST can see (search is POSTed: no names in URLs) and link them."""
    alert = selectors.alert_get_for_user(user=request.user, pk=pk)
    if not services.can_act_on_alert(request.user, alert):
        raise PermissionDenied("Only MAST of the receiving authority can act on this alert.")
    results = None
    initial = {"name": alert.child_name, "date_of_birth": alert.child_date_of_birth}
    form = ChildSearchForm(initial=initial)
    if request.method == "POST" and request.POST.get("child"):
        child = core_selectors.child_list_for_user(user=request.user).filter(pk=request.POST["child"]).first()
        if child is None:
            messages.error(request, "Choose a child you can see")
        else:
            try:
                services.alert_link_child(actor=request.user, alert=alert, child=child)
            except InvalidTransition as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "Alert linked to the child's record")
            return redirect(alert)
    elif request.method == "POST":
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
