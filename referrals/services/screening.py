"""Screening by MAST of the authority the referral is with now: started, checks with other agencies
recorded, and an outcome with its reasons, which the referrer is told. "Passed to another
authority" is an outcome that sends the referral on to that authority's MAST to screen in turn."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed
from guardian.shortcuts import remove_perm

from portal import policies as policies_core
from portal import services as core
from portal.access import require
from portal.history import save
from portal.models import ChildAccessGrant, Organisation, Team, User
from portal.services import InvalidTransition
from referrals import clocks, notices, policies, rules, selectors
from referrals.models import MastReferral, Outcome, Screening, ScreeningCheck
from referrals.services.mast import open_to_mast, tell_mast


def _screenable(*, actor: User, referral: MastReferral) -> MastReferral:
    referral = MastReferral.objects.select_for_update().get(pk=referral.pk)
    require(policies.can_screen(actor, referral), "Only MAST of the authority screening this referral can do that.")
    return referral


def _open_screening(referral: MastReferral) -> Screening:
    return Screening.objects.select_for_update().get(referral=referral, outcome="")


def screening_start(*, actor: User, referral: MastReferral) -> MastReferral:
    with transaction.atomic():
        referral = _screenable(actor=actor, referral=referral)
        if not can_proceed(referral.start_screening):
            raise InvalidTransition(f"This referral is already {referral.get_status_display().lower()}.")
        referral.start_screening()
        save(referral, reason="Screening started", by=actor)
        screening = _open_screening(referral)
        screening.started_at = timezone.now()
        screening.started_by = actor
        save(screening, reason="Screening started", by=actor)
    return referral


@dataclass(frozen=True)
class CheckDetails:
    agency: str
    checked_on: date
    information: str
    contact: str = ""


def screening_check_record(*, actor: User, referral: MastReferral, details: CheckDetails) -> ScreeningCheck:
    errors = {}
    if not details.agency.strip():
        errors["agency"] = "Enter the agency you checked with"
    if not details.information.strip():
        errors["information"] = "Enter what they told you, or that they hold nothing"
    if details.checked_on is None:
        errors["checked_on"] = "Enter the date of the check"
    elif details.checked_on > timezone.localdate():
        errors["checked_on"] = "The date must be today or in the past"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        referral = _screenable(actor=actor, referral=referral)
        if referral.status != MastReferral.Status.IN_SCREENING:
            raise InvalidTransition("Start screening the referral before recording checks.")
        check = ScreeningCheck(
            screening=_open_screening(referral),
            agency=details.agency.strip(),
            contact=details.contact.strip(),
            checked_on=details.checked_on,
            information=details.information.strip(),
            recorded_by=actor,
        )
        save(check, reason="Check with another agency recorded", by=actor)
    return check


def _hand_on(*, actor: User, referral: MastReferral, screening: Screening, outcome: str) -> None:
    """Every outcome hands the child on: an assessment (s17) or strategy discussion (s47) to the
    authority's Child in Need team, early help to its early help team, with the level of need; the
    team's manager allocates a worker. The referrer keeps sight of the child they referred."""
    if outcome not in rules.HAND_ON or referral.child is None:
        return
    kind, tier = rules.HAND_ON[outcome]
    team = policies_core.teams_of_kind(organisation=screening.authority, kind=kind).order_by("name", "pk").first()
    if team is None:
        raise ValidationError(
            {"outcome": f"{screening.authority} has no {Team.Kind(kind).label} team in the portal to take the child"}
        )
    child = referral.child
    if child.allocated_team_id != team.pk:
        core.child_access_grant(
            child=child,
            basis=ChildAccessGrant.Basis.REFERRAL,
            level=ChildAccessGrant.Level.VIEW,
            user=referral.referrer,
            source=referral,
            granted_by=actor,
        )
    core.child_hand_on(
        actor=actor,
        child=child,
        team=team,
        tier=tier,
        reason=f"Screened by {screening.authority} MAST: {Outcome(outcome).label}",
    )


def screening_outcome_record(
    *,
    actor: User,
    referral: MastReferral,
    outcome: str,
    reasons: str,
    passed_to: Organisation | None = None,
) -> MastReferral:
    """Record the screening outcome with its reasons and tell the referrer. "Passed to another
    authority" sends the referral to that authority's MAST (and nobody else there) to screen."""
    passing = outcome == Outcome.PASSED_TO_ANOTHER_AUTHORITY
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "Choose the outcome of screening"
    if not reasons.strip():
        errors["reasons"] = "Give the reasons for the outcome"
    if passing and (passed_to is None or not passed_to.is_local_authority):
        errors["passed_to"] = "Choose the local authority the referral is passed to"
    if errors:
        raise ValidationError(errors)
    # The authority it goes to next, when it is passed on.
    next_authority = passed_to if passing else None
    with transaction.atomic():
        referral = _screenable(actor=actor, referral=referral)
        if referral.status != MastReferral.Status.IN_SCREENING:
            raise InvalidTransition(
                "Start screening the referral before recording an outcome."
                if referral.status == MastReferral.Status.SUBMITTED
                else "An outcome has already been recorded for this referral."
            )
        if next_authority is not None and next_authority.pk == referral.authority_id:
            raise ValidationError({"passed_to": "Choose another local authority: this one is screening it now"})
        now = timezone.now()
        screening = _open_screening(referral)
        screening.outcome = outcome
        screening.reasons = reasons.strip()
        screening.passed_to = next_authority
        screening.decided_at = now
        screening.decided_by = actor
        save(screening, reason=f"Outcome: {Outcome(outcome).label}", by=actor)
        core.escalations_close_for(subject=screening, resolution=f"Screened: {Outcome(outcome).label}")
        next_screening = None
        if next_authority is not None:
            receiving_teams = selectors.mast_teams(authority=next_authority)
            if not receiving_teams:
                raise ValidationError({"passed_to": f"{next_authority} has no MAST team in the portal: phone them"})
            # The passing MAST keeps sight of what it screened but no longer screens it.
            for team in selectors.mast_teams(authority=screening.authority):
                remove_perm("referrals.screen_mastreferral", team.group, referral)
            due = clocks.screening_due(timezone.localdate(now))
            referral.pass_to(authority=next_authority, due=due)
            save(referral, reason=f"Passed to {next_authority}"[:100], by=actor)
            next_screening = Screening(referral=referral, authority=next_authority, received_at=now, due_on=due)
            save(next_screening, reason="Screening due", by=actor)
            open_to_mast(referral=referral, teams=receiving_teams, actor=actor)
        else:
            referral.record_outcome(outcome=outcome, at=now)
            save(referral, reason=f"Outcome recorded: {Outcome(outcome).label}", by=actor)
            _hand_on(actor=actor, referral=referral, screening=screening, outcome=outcome)
        notice = notices.screening_outcome(
            referral=referral, screening=screening, outcome=outcome, passed_to=next_authority
        )
        core.notify(
            recipient=referral.referrer,
            event_key=f"referral:{referral.pk}:screening:{screening.pk}:outcome",
            subject=notice.subject,
            body=notice.body,
            link=referral.get_absolute_url(),
        )
        if next_screening is not None:
            tell_mast(referral=referral, screening=next_screening, teams=receiving_teams)
    return referral
