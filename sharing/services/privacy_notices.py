"""Privacy information owed to a person whose details came from a third party (UK GDPR Article 14):
raised when the relationship is recorded, closed as provided or exempt."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from portal import services as core
from portal.access import require
from portal.history import save
from portal.models import Relationship, User
from portal.services import InvalidTransition
from sharing import clocks, policies
from sharing.models import PrivacyNotice


def privacy_notice_create_for_relationship(*, relationship: Relationship, responsible: User) -> PrivacyNotice | None:
    """A person whose details came from a third party is owed privacy information within a month."""
    if relationship.source != Relationship.Source.THIRD_PARTY:
        return None
    notice = PrivacyNotice(
        person=relationship.person,
        relationship=relationship,
        child=relationship.child,
        responsible=responsible,
        obtained_on=relationship.obtained_on,
        due_on=clocks.privacy_notice_due(relationship.obtained_on),
    )
    save(notice, reason="Privacy information owed (details obtained from a third party)", by=responsible)
    return notice


def privacy_notice_mark_provided(*, actor: User, notice: PrivacyNotice, how: str, provided_on: date) -> PrivacyNotice:
    require(policies.may_close_privacy_notice(actor, notice), "You cannot update this privacy notice.")
    if how not in PrivacyNotice.ProvidedHow.values:
        raise ValidationError({"provided_how": "Choose how the privacy information was provided"})
    if provided_on > timezone.localdate():
        raise ValidationError({"provided_on": "The date must be today or in the past"})
    if notice.obtained_on and provided_on < notice.obtained_on:
        raise ValidationError(
            {"provided_on": "The date it was provided must be the same as or after the date the details were obtained"}
        )
    with transaction.atomic():
        notice = PrivacyNotice.objects.select_for_update().get(pk=notice.pk)
        if not can_proceed(notice.mark_provided):
            raise InvalidTransition(f"This privacy notice is already {notice.get_status_display().lower()}.")
        notice.mark_provided(by=actor, at=timezone.now(), how=how, on=provided_on)
        save(notice, reason="Privacy information provided", by=actor)
        core.escalations_close_for(subject=notice, resolution="Privacy information provided")
    return notice


def privacy_notice_mark_exempt(
    *, actor: User, notice: PrivacyNotice, exemption: str, justification: str
) -> PrivacyNotice:
    require(policies.may_close_privacy_notice(actor, notice), "You cannot update this privacy notice.")
    errors = {}
    if exemption not in PrivacyNotice.Exemption.values:
        errors["exemption"] = "Choose the exemption that applies"
    if not justification.strip():
        errors["justification"] = "Justify why the exemption applies"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        notice = PrivacyNotice.objects.select_for_update().get(pk=notice.pk)
        if not can_proceed(notice.mark_exempt):
            raise InvalidTransition(f"This privacy notice is already {notice.get_status_display().lower()}.")
        notice.mark_exempt(by=actor, at=timezone.now(), exemption=exemption, justification=justification.strip())
        save(notice, reason="Exemption recorded", by=actor)
        core.escalations_close_for(subject=notice, resolution="Exemption from giving privacy information recorded")
    return notice
