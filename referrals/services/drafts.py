"""A draft referral: started (once, however often the start page is sent), then answered section by
section by the person making it, who alone may see or change it until it is sent."""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from portal.access import require
from portal.history import save
from portal.models import Child, Organisation, User
from portal.services import InvalidTransition
from referrals import policies, rules
from referrals.models import MastReferral
from referrals.services.consent import CONSENT_FIELDS, NewParent, consent_answers_save

SECTION_FIELDS: dict[str, set[str]] = {
    "concern": {
        "concern_categories",
        "what_happened",
        "referrer_view",
        "urgency",
        "information_categories",
        "sharing_reasons",
        "advice_from",
        # The consistent identifier (s16LC): why the referral goes without the NHS number, if it does.
        "identifier_omitted_reason",
        "identifier_omitted_explanation",
    },
    "family": {"child_views", "family_views", "family_told", "family_told_detail", "family_not_told_reason"},
    "consent": CONSENT_FIELDS,
}


def referral_start(
    *,
    actor: User,
    creation_key: uuid.UUID,
    child: Child | None = None,
    authority: Organisation | None = None,
) -> tuple[MastReferral, bool]:
    """Start a draft. The same creation key (a double-submitted start page) returns the same draft.

    `authority` addresses the draft to a particular local authority's MAST: another workflow that
    knows where the referral must go (an Early Intervention move to another area, referred to
    children's social care there) says so here. Left out, the referral goes to the MAST of the
    child's local authority when it is sent, as it always has."""
    require(actor.has_perm("referrals.add_mastreferral"), "You cannot make MAST referrals.")

    def existing() -> tuple[MastReferral, bool] | None:
        found = MastReferral.objects.filter(creation_key=creation_key).first()
        if found is None:
            return None
        require(found.referrer_id == actor.pk, "This referral was started by someone else.")
        return found, False

    # The actor's own referral, already started with this key, stands whatever has happened to the
    # child since (handed on after screening, say): starting it again only finds it.
    if (found := existing()) is not None:
        return found
    if child is not None:
        require(policies.can_refer_about(actor, child), "You can only refer a child whose record you work on.")
    if authority is not None and not authority.is_local_authority:
        raise ValidationError({"authority": "A referral goes to the MAST of a local authority"})
    try:
        with transaction.atomic():
            referral = MastReferral(
                creation_key=creation_key,
                referrer=actor,
                referrer_organisation=actor.organisation,
                child=child,
                authority=authority,
            )
            save(referral, reason="Draft referral started", by=actor)
            assign_perm("referrals.view_mastreferral", actor, referral)
            assign_perm("referrals.change_mastreferral", actor, referral)
    except IntegrityError:
        # The same key at the same moment (a double click): the first one stands.
        if (found := existing()) is None:
            raise
        return found
    return referral, True


def draft_for_update(*, actor: User, referral: MastReferral) -> MastReferral:
    """The draft, locked, for the person making it; a referral already sent has moved on."""
    referral = MastReferral.objects.select_for_update().get(pk=referral.pk)
    require(referral.referrer_id == actor.pk, "Only the person making this referral can change it.")
    if not referral.is_draft:
        raise InvalidTransition("This referral has been sent: it can no longer be changed.")
    return referral


def referral_update(
    *,
    actor: User,
    referral: MastReferral,
    section: str,
    changes: dict,
    new_consent_person: NewParent | None = None,
) -> MastReferral:
    """Save answers to one section of a draft. Answers that no longer apply are cleared, so what is
    sent never carries a hidden answer the referrer cannot see. `new_consent_person` is the parent
    or carer the consent section names who is not on the child's record."""
    unknown = set(changes) - SECTION_FIELDS[section]
    if unknown:
        raise ValueError(f"Not part of {section}: {sorted(unknown)}")
    if new_consent_person is not None and section != "consent":
        raise ValueError(f"A parent or carer is named in the consent section, not in {section}")
    with transaction.atomic():
        referral = draft_for_update(actor=actor, referral=referral)
        if section == "consent":
            consent_answers_save(actor=actor, referral=referral, changes=changes, new_parent=new_consent_person)
        else:
            for name, value in changes.items():
                setattr(referral, name, value)
        if referral.family_told is True:
            referral.family_not_told_reason = ""
        elif referral.family_told is False:
            referral.family_told_detail = ""
        referral.updated_at = timezone.now()
        save(referral, reason=f"Draft saved: {rules.SECTION_TITLES[section].lower()}", by=actor)
    return referral
