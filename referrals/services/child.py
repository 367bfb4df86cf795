"""The child a draft referral is about: a child whose record the referrer works on, a child they
record there and then, or a record held by another team that the details they typed identify
exactly (a matched child), which the referral keeps without opening the record to them."""

from django.db import transaction
from django.utils import timezone

from portal import services as core
from portal.access import has_object_permission, require
from portal.history import save
from portal.models import Child, Team, User
from portal.services import ChildDetails
from referrals import policies, rules
from referrals.models import MastReferral
from referrals.services.consent import consent_child_changed
from referrals.services.drafts import draft_for_update


def _set_child(
    referral: MastReferral, child: Child, *, actor: User, matched_on: str, identity: rules.ChildIdentity | None
) -> None:
    if referral.child_id != child.pk or referral.child_is_matched != bool(matched_on):
        consent_child_changed(actor=actor, referral=referral, child=child)
    referral.child = child
    referral.child_matched_on = matched_on
    identity = identity or rules.ChildIdentity()
    referral.child_given_nhs_number = identity.nhs_number
    referral.child_given_first_name = identity.first_name.strip()
    referral.child_given_last_name = identity.last_name.strip()
    referral.child_given_date_of_birth = identity.date_of_birth


def referral_choose_child(*, actor: User, referral: MastReferral, child: Child) -> MastReferral:
    require(policies.can_refer_about(actor, child), "You can only refer a child whose record you work on.")
    with transaction.atomic():
        referral = draft_for_update(actor=actor, referral=referral)
        _set_child(referral, child, actor=actor, matched_on="", identity=None)
        referral.updated_at = timezone.now()
        save(referral, reason="Child chosen", by=actor)
    return referral


def referral_choose_matched_child(
    *, actor: User, referral: MastReferral, child: Child, identity: rules.ChildIdentity
) -> MastReferral:
    """Refer a record the referrer does not work on (held by another team), found by details they typed
    that identify it exactly. The referral keeps those details; the record is not opened to them."""
    require(actor.has_perm("referrals.add_mastreferral"), "You cannot make MAST referrals.")
    if has_object_permission(actor, "change_child", child):
        return referral_choose_child(actor=actor, referral=referral, child=child)
    matched_on = rules.identity_match(child, identity)
    require(bool(matched_on), "The details you gave do not identify this record.")
    with transaction.atomic():
        referral = draft_for_update(actor=actor, referral=referral)
        _set_child(referral, child, actor=actor, matched_on=matched_on, identity=identity)
        referral.updated_at = timezone.now()
        save(referral, reason="Child identified by the details the referrer gave", by=actor)
    return referral


def referral_create_child(*, actor: User, referral: MastReferral, details: ChildDetails, team: Team) -> Child:
    """Record a new child (in the referrer's own team, as the core does) and refer them."""
    with transaction.atomic():
        draft_for_update(actor=actor, referral=referral)
        child = core.child_create(actor=actor, details=details, team=team)
        referral_choose_child(actor=actor, referral=referral, child=child)
    return child
