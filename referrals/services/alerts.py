"""Alerts to MAST (Tier 4 guidance): another agency tells MAST a Child in Need from elsewhere now
lives in its area, or social care tells MAST a Child in Need has left for an unknown place. MAST
acknowledges an alert, links it to the child, a referral or a transfer request, and closes it."""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django_fsm import can_proceed
from guardian.shortcuts import assign_perm

from portal import policies as core_policies
from portal import services as core
from portal.access import has_object_permission, require
from portal.history import save
from portal.models import Child, Organisation, User
from portal.services import InvalidTransition
from referrals import notices, policies, selectors
from referrals.models import MastAlert, MastReferral


@dataclass(frozen=True)
class AlertDetails:
    kind: str
    authority: Organisation
    what_is_known: str
    child: Child | None = None
    child_first_name: str = ""
    child_last_name: str = ""
    child_date_of_birth: date | None = None
    current_address: str = ""
    previous_area: str = ""
    risk_assessment: str = ""


def _refusals(*, actor: User, details: AlertDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    if details.kind not in policies.alert_kinds_for(actor):
        errors["kind"] = (
            "Social care refers a Child in Need who has moved to the new area's children's social care as a transfer"
            if details.kind == MastAlert.Kind.CIN_MOVED_IN
            else "Only children's social care issues this alert. If a child is missing and may be at risk of "
            "significant harm, make a referral to MAST"
        )
    if not details.authority.is_local_authority:
        errors["authority"] = "Choose a local authority"
    if details.child is not None:
        require(has_object_permission(actor, "view_child", details.child), "You cannot see that child's record.")
    elif not (details.child_first_name.strip() and details.child_last_name.strip()):
        errors["child_first_name"] = "Enter the child's first and last name"
    if details.child_date_of_birth and details.child_date_of_birth > timezone.localdate():
        errors["child_date_of_birth"] = "The date of birth must be today or in the past"
    if not details.what_is_known.strip():
        errors["what_is_known"] = "Say what you know about the move"
    if details.kind == MastAlert.Kind.WHEREABOUTS_UNKNOWN and not details.risk_assessment.strip():
        errors["risk_assessment"] = "Give the risk assessment behind issuing the alert"
    return errors


def alert_raise(*, actor: User, details: AlertDetails) -> MastAlert:
    require(actor.has_perm("referrals.add_mastalert"), "You cannot raise alerts to MAST.")
    require(actor.organisation is not None, "Your account has no organisation: ask an administrator.")
    errors = _refusals(actor=actor, details=details)
    if errors:
        raise ValidationError(errors)
    teams = selectors.mast_teams(authority=details.authority)
    if not teams:
        raise ValidationError({"authority": f"{details.authority} has no MAST team in the portal: phone them"})
    with transaction.atomic():
        alert = MastAlert(
            kind=details.kind,
            authority=details.authority,
            raised_by=actor,
            raised_by_organisation=actor.organisation,
            child=details.child,
            child_first_name=details.child_first_name.strip(),
            child_last_name=details.child_last_name.strip(),
            child_date_of_birth=details.child_date_of_birth,
            current_address=details.current_address.strip(),
            previous_area=details.previous_area.strip(),
            what_is_known=details.what_is_known.strip(),
            risk_assessment=details.risk_assessment.strip(),
        )
        save(alert, reason="Alert raised to MAST", by=actor)
        assign_perm("referrals.view_mastalert", actor, alert)
        for team in teams:
            assign_perm("referrals.view_mastalert", team.group, alert)
            assign_perm("referrals.act_on_mastalert", team.group, alert)
        notice = notices.alert_received(alert=alert, organisation=actor.organisation)
        for user in selectors.mast_members(teams=teams):
            core.notify(
                recipient=user,
                event_key=f"alert:{alert.pk}:received",
                subject=notice.subject,
                body=notice.body,
                link=alert.get_absolute_url(),
            )
        readers = selectors.alert_reader_teams(alert=alert, team_kinds=policies.alert_reader_team_kinds(alert))
        for user in core_policies.managers_of(teams=readers) if readers else []:
            assign_perm("referrals.view_mastalert", user, alert)
            core.notify(
                recipient=user,
                event_key=f"alert:{alert.pk}:received",
                subject=notice.subject,
                body=f"{notice.body} You can ask the other authority for a transfer from the alert.",
                link=alert.get_absolute_url(),
            )
    return alert


def _alert_for_update(*, actor: User, alert: MastAlert) -> MastAlert:
    alert = MastAlert.objects.select_for_update().get(pk=alert.pk)
    require(policies.can_act_on_alert(actor, alert), "Only MAST of the receiving authority can act on this alert.")
    return alert


def alert_acknowledge(*, actor: User, alert: MastAlert) -> MastAlert:
    with transaction.atomic():
        alert = _alert_for_update(actor=actor, alert=alert)
        if not can_proceed(alert.acknowledge):
            raise InvalidTransition(f"This alert is already {alert.get_status_display().lower()}.")
        alert.acknowledge(by=actor, at=timezone.now())
        save(alert, reason="Alert acknowledged", by=actor)
        _whereabouts_follow_through(actor=actor, alert=alert)
    return alert


def _whereabouts_follow_through(*, actor: User, alert: MastAlert) -> None:
    """MAST has confirmed a "whereabouts unknown" alert about a child on the portal (acknowledged and
    linked, in either order): the child's record says so and the allocated team is told (§5)."""
    child = alert.child
    if alert.kind == MastAlert.Kind.WHEREABOUTS_UNKNOWN and child is not None and alert.status != MastAlert.Status.NEW:
        core.child_whereabouts_unknown_confirmed(actor=actor, child=child)


def alert_close(*, actor: User, alert: MastAlert, action_taken: str) -> MastAlert:
    if not action_taken.strip():
        raise ValidationError({"action_taken": "Say what MAST did about the alert"})
    with transaction.atomic():
        alert = _alert_for_update(actor=actor, alert=alert)
        if not can_proceed(alert.close):
            raise InvalidTransition("This alert is already closed.")
        alert.close(by=actor, at=timezone.now(), action_taken=action_taken.strip())
        save(alert, reason="Alert closed", by=actor)
    return alert


def _linkable(*, actor: User, alert: MastAlert) -> MastAlert:
    alert = _alert_for_update(actor=actor, alert=alert)
    if alert.is_closed:
        raise InvalidTransition("This alert is closed: it can no longer be linked.")
    return alert


def alert_link_child(*, actor: User, alert: MastAlert, child: Child) -> MastAlert:
    require(has_object_permission(actor, "view_child", child), "You cannot see that child's record.")
    with transaction.atomic():
        alert = _linkable(actor=actor, alert=alert)
        alert.child = child
        save(alert, reason="Linked to a child", by=actor)
        _whereabouts_follow_through(actor=actor, alert=alert)
    return alert


def alert_link_referral(*, actor: User, alert: MastAlert, referral: MastReferral) -> MastAlert:
    require(
        selectors.referral_list_for_user(user=actor).filter(pk=referral.pk).exists() and not referral.is_draft,
        "You cannot see that referral.",
    )
    with transaction.atomic():
        alert = _linkable(actor=actor, alert=alert)
        alert.referral = referral
        save(alert, reason=f"Linked to referral {referral.reference}", by=actor)
    return alert


def alert_link_transfer(*, actor: User, alert: MastAlert, transfer: models.Model) -> MastAlert:
    """Link an alert to the transfer request MAST made because of it. Called by the transfers app
    (which may import referrals; referrals never imports transfers)."""
    with transaction.atomic():
        alert = _linkable(actor=actor, alert=alert)
        alert.transfer_type = ContentType.objects.get_for_model(transfer)
        alert.transfer_id = transfer.pk
        save(alert, reason="Linked to a transfer request", by=actor)
    return alert
