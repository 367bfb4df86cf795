"""The child step of a draft: choose a child whose record the referrer works on, record a new child
(with the core's duplicate check), or refer a record held by another team that the details they
typed identify exactly, without being shown anything of it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from portal import selectors as core_selectors
from portal.pages import posted, submit
from referrals import selectors, services
from referrals.forms import ReferralChildChoiceForm, ReferralChildForm, ReferralChildMatchForm
from referrals.rules import ChildIdentity, identity_match
from referrals.views.common import require_perm
from referrals.views.drafts import after_step, draft_of

CHILD_MATCH_FIELDS = ("nhs_number", "first_name", "last_name", "date_of_birth_0", "date_of_birth_1", "date_of_birth_2")


def step_child(request: HttpRequest, pk: int) -> HttpResponse:
    referral = draft_of(request, pk)
    if not referral.is_draft:
        return redirect(referral)
    children = selectors.children_to_refer(user=request.user)
    form = ReferralChildChoiceForm(posted(request), children=children, initial={"child": referral.child_id})
    if request.method == "POST" and form.is_valid():
        return submit(
            request,
            lambda: services.referral_choose_child(
                actor=request.user, referral=referral, child=form.cleaned_data["child"]
            ),
            then=lambda _: after_step(request, referral, "child"),
            refused_to=referral,
        )
    context = {
        "referral": referral,
        "form": form,
        "has_children": children.exists(),
        "can_add_child": request.user.has_perm("portal.add_child"),
    }
    return render(request, "referrals/step_child.html", context)


def step_child_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the child, with the core's duplicate check, and refer them."""
    referral = draft_of(request, pk)
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
        nhs_taken = any(d.reason == core_selectors.SAME_NHS_NUMBER for d in duplicates)
        confirmed = request.POST.get("confirm_not_duplicate") == "on"
        if nhs_taken or (duplicates and not confirmed):
            form = ReferralChildForm.for_duplicates(request.POST, user=request.user, duplicates=duplicates)
        else:
            done = submit(
                request,
                lambda: services.referral_create_child(
                    actor=request.user, referral=referral, details=details, team=form.cleaned_data["team"]
                ),
                form=form,
                then=lambda _: after_step(request, referral, "child"),
                refused_to=referral,
            )
            if done:
                return done
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
    referral = draft_of(request, pk)
    if not referral.is_draft:
        return redirect(referral)
    require_perm(request, "referrals.add_mastreferral")
    form = ReferralChildMatchForm(request.POST)
    if not form.is_valid():
        raise Http404("No matching record")
    identity = form.identity()
    chosen = next(
        (c for c in selectors.children_matching(identity=identity) if str(c.pk) == request.POST.get("child")), None
    )
    if chosen is None:
        raise Http404("No matching record")
    return submit(
        request,
        lambda: services.referral_choose_matched_child(
            actor=request.user, referral=referral, child=chosen, identity=identity
        ),
        then=lambda _: after_step(request, referral, "child"),
        refused_to=referral,
    )
