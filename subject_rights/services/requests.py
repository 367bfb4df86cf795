"""Subject access requests: opened by a lead information officer, due one ICO month after receipt,
extendable once; each item of the bundle released, withheld or redacted with an exemption; the
released PDF kept exactly as it went."""

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from portal import services as core
from portal.access import require
from portal.history import save
from portal.models import Child, Person, User
from portal.services import InvalidTransition
from subject_rights import bundle, clocks, policies, selectors
from subject_rights.models import Exemption, ItemDecision, Release, SubjectAccessRequest, ThirdPartyDecision

NOT_ALLOWED = "Only a lead information officer answers subject access requests."


@dataclass(frozen=True)
class SubjectAccessDetails:
    requester: str
    received_on: date | None
    identity_evidence: str
    identity_checked_on: date | None
    identity_notes: str = ""


def _details_errors(details: SubjectAccessDetails) -> dict[str, str]:
    today = timezone.localdate()
    errors = {}
    if not details.requester.strip():
        errors["requester"] = "Enter who made the request"
    if details.received_on is None:
        errors["received_on"] = "Enter the date the request was received"
    elif details.received_on > today:
        errors["received_on"] = "The date received must be today or in the past"
    if details.identity_evidence not in SubjectAccessRequest.IdentityEvidence.values:
        errors["identity_evidence"] = "Choose how the requester's identity was checked"
    if details.identity_checked_on is None:
        errors["identity_checked_on"] = "Enter the date their identity was checked"
    elif details.identity_checked_on > today:
        errors["identity_checked_on"] = "The date of the identity check must be today or in the past"
    return errors


def subject_access_open(*, actor: User, subject: Child | Person, details: SubjectAccessDetails) -> SubjectAccessRequest:
    require(policies.may_answer(actor), NOT_ALLOWED)
    held = (
        selectors.children_held_by(user=actor) if isinstance(subject, Child) else selectors.people_held_by(user=actor)
    )
    require(held.filter(pk=subject.pk).exists(), "Your organisation does not hold this record.")
    errors = _details_errors(details)
    if errors:
        raise ValidationError(errors)
    request = SubjectAccessRequest(
        organisation_id=cast(int, actor.organisation_id),  # may_answer: the officer has an organisation
        child=subject if isinstance(subject, Child) else None,
        person=subject if isinstance(subject, Person) else None,
        requester=details.requester.strip(),
        received_on=cast(date, details.received_on),  # checked by _details_errors
        identity_evidence=details.identity_evidence,
        identity_checked_on=cast(date, details.identity_checked_on),
        identity_notes=details.identity_notes.strip(),
        due_on=clocks.subject_access_due(details.received_on),  # type: ignore[arg-type]
        officer=actor,
    )
    with transaction.atomic():
        save(request, reason="Subject access request opened", by=actor)
    return request


def _locked_open(actor: User, request: SubjectAccessRequest) -> SubjectAccessRequest:
    require(policies.may_answer(actor) and request.organisation_id == actor.organisation_id, NOT_ALLOWED)
    request = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != SubjectAccessRequest.Status.OPEN:
        raise InvalidTransition("This request has been answered: its bundle has been released.")
    return request


def subject_access_extend(
    *, actor: User, request: SubjectAccessRequest, months: int | None, reason: str, told_on: date | None
) -> SubjectAccessRequest:
    """Extend once, by one or two months, with the reason, once the requester has been told."""
    errors = {}
    if months not in (1, 2):
        errors["months"] = "Choose an extension of one or two months"
    if not reason.strip():
        errors["reason"] = "Say why the request is complex enough to need longer"
    if told_on is None:
        errors["told_on"] = "Enter the date the requester was told of the extension and why"
    elif told_on > timezone.localdate():
        errors["told_on"] = "The date the requester was told must be today or in the past"
    with transaction.atomic():
        request = _locked_open(actor, request)
        if request.extended_due_on is not None:
            raise InvalidTransition("This request has already been extended: it can be extended only once.")
        if errors:
            raise ValidationError(errors)
        request.extend(
            due_on=clocks.subject_access_extended_due(request.received_on, months=months or 0),
            reason=reason.strip(),
            told_on=told_on,
        )
        save(request, reason=f"Extended by {months} month{'s' if (months or 0) > 1 else ''}", by=actor)
    return request


def _exemption(exemption: Exemption | None, field: str = "exemption") -> Exemption:
    if exemption is None or not exemption.active:
        raise ValidationError({field: "Choose the exemption that applies"})
    return exemption


def subject_access_item_withhold(
    *, actor: User, request: SubjectAccessRequest, item_key: str, exemption: Exemption | None, note: str = ""
) -> ItemDecision:
    with transaction.atomic():
        request = _locked_open(actor, request)
        keys = {item.key for item in selectors.bundle_items(request=request, viewer=actor)}
        if item_key not in keys:
            raise ValidationError({"item_key": "This item is not in the bundle"})
        decision = ItemDecision.objects.filter(request=request, item_key=item_key).first()
        decision = decision or ItemDecision(request=request, item_key=item_key)
        decision.exemption, decision.note, decision.decided_by = _exemption(exemption), note.strip(), actor
        decision.withheld, decision.decided_at = True, timezone.now()
        save(decision, reason="Item withheld", by=actor)
    return decision


def subject_access_item_release(*, actor: User, request: SubjectAccessRequest, item_key: str) -> None:
    """Undo a withholding: the item goes in the bundle (its third parties still redacted). An item
    its app flags to be withheld until reviewed is released by recording that the officer reviewed it."""
    with transaction.atomic():
        request = _locked_open(actor, request)
        for decision in ItemDecision.objects.filter(request=request, item_key=item_key, withheld=True):
            decision.withheld, decision.decided_by, decision.decided_at = False, actor, timezone.now()
            save(decision, reason="Item no longer withheld", by=actor)
        if not ItemDecision.objects.filter(request=request, item_key=item_key).exists():
            flagged = {
                i.key: i.withhold_until_reviewed for i in selectors.bundle_items(request=request, viewer=actor)
            }.get(item_key, "")
            exemption = Exemption.objects.filter(code=flagged).first() if flagged else None
            if exemption is not None:
                decision = ItemDecision(
                    request=request,
                    item_key=item_key,
                    withheld=False,
                    exemption=exemption,
                    note="Reviewed and released",
                    decided_by=actor,
                )
                save(decision, reason="Item reviewed and released", by=actor)


def subject_access_party_decide(
    *,
    actor: User,
    request: SubjectAccessRequest,
    party_key: str,
    action: str,
    exemption: Exemption | None,
    reason: str,
) -> ThirdPartyDecision:
    """Redact a third party's details throughout the bundle under an exemption, or release them
    (with the reason it is reasonable: their consent, or that they are already known)."""
    errors = {}
    if action not in ThirdPartyDecision.Action.values:
        errors["action"] = "Choose whether to redact or release their details"
    if action == ThirdPartyDecision.Action.REDACT and (exemption is None or not exemption.active):
        errors["exemption"] = "Choose the exemption that applies"
    if action == ThirdPartyDecision.Action.RELEASE and not reason.strip():
        errors["reason"] = "Say why it is reasonable to release their details"
    with transaction.atomic():
        request = _locked_open(actor, request)
        parties = {p.key for i in selectors.bundle_items(request=request, viewer=actor) for p in i.third_parties}
        if party_key not in parties:
            errors["party_key"] = "This person is not named in the bundle"
        if errors:
            raise ValidationError(errors)
        decision = ThirdPartyDecision.objects.filter(request=request, party_key=party_key).first()
        decision = decision or ThirdPartyDecision(request=request, party_key=party_key)
        decision.action, decision.reason, decision.decided_by = action, reason.strip(), actor
        decision.exemption = exemption if action == ThirdPartyDecision.Action.REDACT else None
        decision.decided_at = timezone.now()
        save(decision, reason=f"Third party: {decision.get_action_display().lower()}", by=actor)
    return decision


def _withheld_until_reviewed(items: list, request: SubjectAccessRequest) -> dict[str, str]:
    """Items their app flags to be withheld until the officer reviews them, not yet decided about:
    withheld under the flagged exemption (two queries however many items)."""
    flagged = [item for item in items if item.withhold_until_reviewed]
    if not flagged:
        return {}
    reviewed = selectors.bundle_reviewed_keys(request=request)
    codes = {item.withhold_until_reviewed for item in flagged}
    names = {e.code: str(e) for e in Exemption.objects.filter(code__in=codes)}
    return {
        item.key: names.get(item.withhold_until_reviewed, item.withhold_until_reviewed)
        for item in flagged
        if item.key not in reviewed
    }


def released_items(*, request: SubjectAccessRequest, viewer: User) -> list[bundle.ReleasedItem]:
    """The bundle as it would be released now: the officer's decisions applied."""
    items = selectors.bundle_items(request=request, viewer=viewer)
    withheld, parties = selectors.bundle_decisions(request=request)
    default = Exemption.objects.filter(code=bundle.DEFAULT_PARTY_EXEMPTION).first()
    return bundle.apply_decisions(
        items,
        withheld={**_withheld_until_reviewed(items, request), **{key: str(d.exemption) for key, d in withheld.items()}},
        released_parties={key for key, d in parties.items() if d.action == ThirdPartyDecision.Action.RELEASE},
        party_exemptions={key: str(d.exemption) for key, d in parties.items() if d.exemption_id},
        default_exemption=str(default) if default else "Protection of the rights of others",
    )


def subject_access_release(*, actor: User, request: SubjectAccessRequest) -> Release:
    """Render the bundle with the decisions applied, keep the exact bytes and their hash, and close
    the request (and any escalation about it)."""
    with transaction.atomic():
        request = _locked_open(actor, request)
        items = released_items(request=request, viewer=actor)
        released_on = timezone.localdate()
        html = render_to_string(
            "subject_rights/bundle_pdf.html",
            {"request": request, "subject": request.subject, "items": items, "released_on": released_on},
        )
        pdf = bundle.render_pdf(html)
        release = Release(
            request=request,
            pdf=pdf,
            sha256=hashlib.sha256(pdf).hexdigest(),
            items_released=sum(1 for i in items if not i.withheld_because),
            items_withheld=sum(1 for i in items if i.withheld_because),
            redactions=sum(1 for i in items if i.redacted),
            released_by=actor,
        )
        save(release, reason="Bundle released", by=actor)
        request.release(on=released_on)
        save(request, reason="Bundle released", by=actor)
        core.escalations_close_for(subject=request, resolution="Subject access bundle released")
    return release
