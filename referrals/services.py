"""Every write for MAST referrals, screening and alerts. Keyword-only, typed, atomic, with the row
locked where two people can race, the permission checked, a history change reason, and people told
on commit through the core (`portal.services.notify`)."""

import uuid
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django_fsm import can_proceed
from guardian.shortcuts import assign_perm, remove_perm

from portal import policies
from portal import services as core
from portal.access import has_object_permission
from portal.access import require as _require
from portal.history import save as _save
from portal.models import Child, ChildAccessGrant, Escalation, Organisation, Person, Relationship, Team, User
from portal.services import ChildDetails, InvalidTransition, PersonDetails, RelationshipDetails
from referrals import clocks, rules, signals
from referrals.models import MastAlert, MastReferral, Outcome, Screening, ScreeningCheck, Urgency
from sharing import services as sharing
from sharing.models import ConsentRecord, LawfulBasis, LegalGateway, Purpose, SharingDecision

MAST_RECIPIENT_NAME = "MAST duty team"

SECTION_FIELDS: dict[str, set[str]] = {
    "concern": {
        "concern_categories",
        "what_happened",
        "referrer_view",
        "urgency",
        "information_categories",
        "advice_from",
    },
    "family": {"child_views", "family_views", "family_told", "family_told_detail", "family_not_told_reason"},
    "consent": {
        "consent_decision",
        "consent_given_by",
        "consent_person",
        "consent_method",
        "consent_decided_on",
        "consent_not_sought_reason",
        "consent_explanation",
    },
}


class IncompleteReferral(ValidationError):
    """The referral still has unanswered questions; `problems` says which, section by section."""

    def __init__(self, problems: list[rules.Problem]):
        self.problems = problems
        super().__init__([p.message for p in problems])


# --- Who may do what -----------------------------------------------------------------------------


def mast_teams(authority: Organisation) -> list[Team]:
    return list(Team.objects.filter(organisation=authority, kind=Team.Kind.MAST).select_related("group"))


def mast_managers(authority: Organisation) -> list[User]:
    return list(policies.managers_of(organisation=authority, team_kinds=[Team.Kind.MAST]))


def _mast_members(teams: list[Team]) -> list[User]:
    return list(User.objects.filter(is_active=True, memberships__team__in=teams).distinct())


def can_refer_about(user: User, child: Child, *, referral: MastReferral | None = None) -> bool:
    """Anyone who makes referrals may refer a child whose record they work on, or, in a referral of
    theirs, a record they found by typing details that identify it exactly (`referral_choose_matched_child`)
    and that still identify it. A child's pk alone is never enough."""
    if not user.has_perm("referrals.add_mastreferral"):
        return False
    if has_object_permission(user, "change_child", child):
        return True
    return referral is not None and _matched_by_referrer(user, referral, child)


def _matched_by_referrer(user: User, referral: MastReferral, child: Child) -> bool:
    return (
        referral.referrer_id == user.pk
        and referral.child_is_matched
        and referral.child_id == child.pk
        and bool(rules.identity_match(child, given_identity(referral)))
    )


def given_identity(referral: MastReferral) -> rules.ChildIdentity:
    return rules.ChildIdentity(
        nhs_number=referral.child_given_nhs_number,
        first_name=referral.child_given_first_name,
        last_name=referral.child_given_last_name,
        date_of_birth=referral.child_given_date_of_birth,
    )


def can_screen(user: User, referral: MastReferral) -> bool:
    """A MAST screener (or MAST manager) of the authority that is screening the referral now."""
    return user.has_perm("referrals.screen_mastreferral") and has_object_permission(
        user, "screen_mastreferral", referral
    )


def can_act_on_alert(user: User, alert: MastAlert) -> bool:
    return user.has_perm("referrals.act_on_mastalert") and has_object_permission(user, "act_on_mastalert", alert)


def _open_to_mast(*, referral: MastReferral, teams: list[Team], actor: User) -> None:
    """The authority's MAST team may see and screen the referral, and work on the child's record."""
    for team in teams:
        assign_perm("referrals.view_mastreferral", team.group, referral)
        assign_perm("referrals.screen_mastreferral", team.group, referral)
        core.child_access_grant(
            child=referral.child,
            basis=ChildAccessGrant.Basis.REFERRAL,
            level=ChildAccessGrant.Level.EDIT,
            team=team,
            source=referral,
            granted_by=actor,
        )


def _tell_mast(*, referral: MastReferral, screening: Screening, teams: list[Team]) -> None:
    urgency = Urgency(referral.urgency).label.split(":")[0]
    for user in _mast_members(teams):
        core.notify(
            recipient=user,
            event_key=f"referral-screening:{screening.pk}:received",
            subject=f"New MAST referral to screen: {referral.reference}",
            body=f"{urgency}. Screening is due by {screening.due_on:%-d %B %Y}.",
            link=referral.get_absolute_url(),
        )


# --- Drafts --------------------------------------------------------------------------------------


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
    _require(actor.has_perm("referrals.add_mastreferral"), "You cannot make MAST referrals.")
    if child is not None:
        _require(can_refer_about(actor, child), "You can only refer a child whose record you work on.")
    if authority is not None and not authority.is_local_authority:
        raise ValidationError({"authority": "A referral goes to the MAST of a local authority"})

    def existing() -> tuple[MastReferral, bool] | None:
        found = MastReferral.objects.filter(creation_key=creation_key).first()
        if found is None:
            return None
        _require(found.referrer_id == actor.pk, "This referral was started by someone else.")
        return found, False

    if (found := existing()) is not None:
        return found
    try:
        with transaction.atomic():
            referral = MastReferral(
                creation_key=creation_key,
                referrer=actor,
                referrer_organisation=actor.organisation,
                child=child,
                authority=authority,
            )
            _save(referral, reason="Draft referral started", by=actor)
            assign_perm("referrals.view_mastreferral", actor, referral)
            assign_perm("referrals.change_mastreferral", actor, referral)
    except IntegrityError:
        # The same key at the same moment (a double click): the first one stands.
        return existing()
    return referral, True


def _draft_for_update(*, actor: User, referral: MastReferral) -> MastReferral:
    referral = MastReferral.objects.select_for_update().get(pk=referral.pk)
    _require(referral.referrer_id == actor.pk, "Only the person making this referral can change it.")
    if not referral.is_draft:
        raise InvalidTransition("This referral has been sent: it can no longer be changed.")
    return referral


def _clear_named_parent(referral: MastReferral) -> None:
    referral.consent_person_first_name = ""
    referral.consent_person_last_name = ""
    referral.consent_person_kind = ""
    referral.consent_person_source = ""


def _set_child(referral: MastReferral, child: Child, *, matched_on: str, identity: rules.ChildIdentity | None) -> None:
    was_matched = referral.child_is_matched
    if referral.child_id != child.pk or was_matched != bool(matched_on):
        # Agreement was about the previous child's parent: it has to be asked again.
        if referral.consent_person_id is not None or referral.consent_person_first_name:
            referral.consent_given_by = ""
        referral.consent_person = None
        _clear_named_parent(referral)
    referral.child = child
    referral.child_matched_on = matched_on
    identity = identity or rules.ChildIdentity()
    referral.child_given_nhs_number = identity.nhs_number
    referral.child_given_first_name = identity.first_name.strip()
    referral.child_given_last_name = identity.last_name.strip()
    referral.child_given_date_of_birth = identity.date_of_birth


def referral_choose_child(*, actor: User, referral: MastReferral, child: Child) -> MastReferral:
    _require(can_refer_about(actor, child), "You can only refer a child whose record you work on.")
    with transaction.atomic():
        referral = _draft_for_update(actor=actor, referral=referral)
        _set_child(referral, child, matched_on="", identity=None)
        referral.updated_at = timezone.now()
        _save(referral, reason="Child chosen", by=actor)
    return referral


def referral_choose_matched_child(
    *, actor: User, referral: MastReferral, child: Child, identity: rules.ChildIdentity
) -> MastReferral:
    """Refer a record the referrer does not work on (held by another team), found by details they typed
    that identify it exactly. The referral keeps those details; the record is not opened to them."""
    _require(actor.has_perm("referrals.add_mastreferral"), "You cannot make MAST referrals.")
    if has_object_permission(actor, "change_child", child):
        return referral_choose_child(actor=actor, referral=referral, child=child)
    matched_on = rules.identity_match(child, identity)
    _require(bool(matched_on), "The details you gave do not identify this record.")
    with transaction.atomic():
        referral = _draft_for_update(actor=actor, referral=referral)
        _set_child(referral, child, matched_on=matched_on, identity=identity)
        referral.updated_at = timezone.now()
        _save(referral, reason="Child identified by the details the referrer gave", by=actor)
    return referral


def referral_create_child(*, actor: User, referral: MastReferral, details: ChildDetails, team: Team) -> Child:
    """Record a new child (in the referrer's own team, as the core does) and refer them."""
    with transaction.atomic():
        _draft_for_update(actor=actor, referral=referral)
        child = core.child_create(actor=actor, details=details, team=team)
        referral_choose_child(actor=actor, referral=referral, child=child)
    return child


def referral_update(
    *,
    actor: User,
    referral: MastReferral,
    section: str,
    changes: dict,
    new_consent_person: tuple[PersonDetails, RelationshipDetails] | None = None,
) -> MastReferral:
    """Save answers to one section of a draft. Answers that no longer apply are cleared, so what is
    sent never carries a hidden answer the referrer cannot see."""
    unknown = set(changes) - SECTION_FIELDS[section]
    if unknown:
        raise ValueError(f"Not part of {section}: {sorted(unknown)}")
    with transaction.atomic():
        referral = _draft_for_update(actor=actor, referral=referral)
        person = changes.get("consent_person")
        if referral.child_is_matched and section == "consent":
            # The referrer cannot see the child's recorded people: they name the parent, kept on the
            # referral until it is sent.
            if person is not None:
                raise ValidationError({"consent_from": "Name the parent or carer with parental responsibility"})
            if new_consent_person is not None:
                person_details, relationship = new_consent_person
                referral.consent_person_first_name = person_details.first_name
                referral.consent_person_last_name = person_details.last_name
                referral.consent_person_kind = relationship.kind
                referral.consent_person_source = relationship.source
            elif changes.get("consent_given_by") != ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY:
                _clear_named_parent(referral)
        elif new_consent_person is not None:
            if referral.child is None:
                raise ValidationError({"consent_from": "Choose the child before naming their parent or carer"})
            person_details, relationship = new_consent_person
            link = core.person_add_to_child(
                actor=actor, child=referral.child, person=person_details, relationship=relationship
            )
            changes = {**changes, "consent_person": link.person}
        elif (
            person is not None
            and not Relationship.objects.filter(
                child_id=referral.child_id, person=person, has_parental_responsibility=True
            ).exists()
        ):
            raise ValidationError(
                {"consent_from": "Choose a person recorded as having parental responsibility for this child"}
            )
        for name, value in changes.items():
            setattr(referral, name, value)
        if referral.family_told is True:
            referral.family_not_told_reason = ""
        elif referral.family_told is False:
            referral.family_told_detail = ""
        if referral.consent_decision == ConsentRecord.Status.NOT_SOUGHT:
            referral.consent_method = ""
        elif referral.consent_decision:
            referral.consent_not_sought_reason = ""
        if referral.consent_given_by == ConsentRecord.GivenBy.CHILD:
            referral.consent_person = None
            _clear_named_parent(referral)
        referral.updated_at = timezone.now()
        _save(referral, reason=f"Draft saved: {rules.SECTION_TITLES[section].lower()}", by=actor)
    return referral


# --- Submission ----------------------------------------------------------------------------------


def _named_parent_on_record(*, actor: User, referral: MastReferral, on: date) -> Person:
    """The parent a referrer named without seeing the child's record: a person already recorded with
    parental responsibility under exactly that name and relationship, or else added to the record
    through the core (with the privacy information owed if their details came from a third party).
    Called only as the referral is sent."""
    existing = (
        Relationship.objects.filter(
            child=referral.child,
            has_parental_responsibility=True,
            kind=referral.consent_person_kind,
            person__first_name__iexact=referral.consent_person_first_name.strip(),
            person__last_name__iexact=referral.consent_person_last_name.strip(),
        )
        .select_related("person")
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing.person
    link = core.person_add_to_child(
        actor=actor,
        child=referral.child,
        person=core.PersonDetails(
            first_name=referral.consent_person_first_name.strip(), last_name=referral.consent_person_last_name.strip()
        ),
        relationship=core.RelationshipDetails(
            kind=referral.consent_person_kind,
            has_parental_responsibility=True,
            source=referral.consent_person_source or Relationship.Source.FROM_PERSON,
            obtained_on=on,
        ),
        caller_checked_access=True,
    )
    return link.person


def _basis(code: str | None) -> LawfulBasis | None:
    return LawfulBasis.objects.filter(code=code, is_active=True).first() if code else None


def referral_submit(*, actor: User, referral: MastReferral) -> MastReferral:
    """Send the referral to the MAST of the child's local authority, or of the authority the draft was
    addressed to when it was started (`referral_start(authority=...)`).

    Records the consent decision and an Appendix 1 sharing decision through information governance
    (so the referral is in the child's sharing log), starts the one-working-day screening clock, and
    opens the referral to that MAST team. A second submit of the same referral (a double click, a
    resubmitted form) finds it sent already and changes nothing."""
    with transaction.atomic():
        referral = MastReferral.objects.select_for_update().get(pk=referral.pk)
        _require(referral.referrer_id == actor.pk, "Only the person making this referral can send it.")
        if not can_proceed(referral.submit):
            raise InvalidTransition("This referral has already been sent.")
        now = timezone.now()
        today = timezone.localdate(now)
        problems = rules.missing_answers(referral, today=today)
        if problems:
            raise IncompleteReferral(problems)
        child = referral.child
        matched = referral.child_is_matched and not has_object_permission(actor, "change_child", child)
        if referral.child_is_matched and not rules.identity_match(child, given_identity(referral)):
            raise ValidationError(
                {"child": "The record you identified has changed since: enter the child's details again."}
            )
        _require(
            can_refer_about(actor, child, referral=referral), "You can only refer a child whose record you work on."
        )
        authority = referral.authority if referral.authority_id else child.local_authority
        teams = mast_teams(authority)
        if not teams:
            raise ValidationError(
                {"child": f"{authority} has no MAST team in the portal. Phone them now; do not wait."}
            )
        reference = f"MAST-{today.year}-{referral.pk:06d}"
        if matched and referral.consent_given_by == ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY:
            referral.consent_person = _named_parent_on_record(actor=actor, referral=referral, on=today)
        # A referrer who identified a record held by another team records consent and the decision to
        # share on it without seeing it: this workflow has checked they may (`can_refer_about`).
        consent = sharing.consent_record(
            actor=actor,
            child=child,
            caller_checked_access=matched,
            details=sharing.ConsentDetails(
                given_by=referral.consent_given_by,
                given_by_person=referral.consent_person,
                purpose=Purpose.MAST_REFERRAL,
                purpose_detail=f"Referral {reference} to {authority} MAST",
                status=referral.consent_decision,
                decided_on=referral.consent_decided_on,
                categories=list(referral.information_categories),
                recipients=[authority],
                recipients_detail=f"{authority}: {MAST_RECIPIENT_NAME}",
                method=referral.consent_method,
                not_sought_reason=referral.consent_not_sought_reason,
                explanation=referral.consent_explanation,
            ),
        )
        referral.submit(at=now, reference=reference, authority=authority, due=clocks.screening_due(today))
        referral.consent_record = consent
        _save(referral, reason="Referral sent to MAST", by=actor)

        codes = rules.lawful_basis_codes(referral.information_categories)
        concerns = ", ".join(label.lower() for label in referral.concern_labels)
        decision = sharing.sharing_decision_record(
            actor=actor,
            child=child,
            caller_checked_access=matched,
            request=sharing.SharingRequest(
                requested_by=f"Not requested: {actor}'s own concern about significant harm",
                purpose=Purpose.MAST_REFERRAL,
                purpose_detail=f"Referral {reference} to {authority} MAST: a concern about significant harm.",
                recipient_organisation=authority,
                recipient_name=MAST_RECIPIENT_NAME,
            ),
            answers=rules.sharing_answers(referral.consent_decision),
            consent=consent if referral.consent_decision == ConsentRecord.Status.GIVEN else None,
            reasons=rules.decision_reasons(
                consent_decision=referral.consent_decision,
                not_sought_reason=referral.consent_not_sought_reason,
                explanation=referral.consent_explanation,
                urgency=Urgency(referral.urgency).label.split(":")[0],
            ),
            shared=sharing.SharedDetails(
                categories=list(referral.information_categories),
                summary_facts=(
                    f"MAST referral {reference}: the child's details, the concerns ({concerns}), what happened, "
                    "and the child's and family's views, as recorded in the referral."
                ),
                summary_opinion="The referrer's professional opinion, kept apart from the facts in the referral.",
                method=SharingDecision.Method.SECURE_PORTAL,
                shared_on=today,
                article_6_basis=_basis(codes.article_6),
                article_9_condition=_basis(codes.article_9),
                schedule_1_condition=_basis(codes.schedule_1),
                legal_gateway=LegalGateway.objects.filter(name=codes.legal_gateway, is_active=True).first(),
                individual_told=referral.family_told,
                not_told_reason=referral.family_not_told_reason if referral.family_told is False else "",
            ),
            context=referral,
        )
        referral.sharing_decision = decision
        _save(referral, reason="Sharing decision recorded", by=actor)

        screening = Screening(referral=referral, authority=authority, received_at=now, due_on=referral.screening_due)
        _save(screening, reason="Screening due", by=actor)
        # Sent: the referrer keeps sight of it and its outcome, but can no longer change it.
        remove_perm("referrals.change_mastreferral", actor, referral)
        _open_to_mast(referral=referral, teams=teams, actor=actor)
        # Inside the transaction: what other workflows record because it was sent (an Early
        # Intervention move completing) stands or falls with the sending.
        signals.referral_sent.send(sender=MastReferral, referral=referral, actor=actor)
    _tell_mast(referral=referral, screening=screening, teams=teams)
    return referral


# --- Screening -----------------------------------------------------------------------------------


def _screenable(*, actor: User, referral: MastReferral) -> MastReferral:
    referral = MastReferral.objects.select_for_update().get(pk=referral.pk)
    _require(can_screen(actor, referral), "Only MAST of the authority screening this referral can do that.")
    return referral


def _open_screening(referral: MastReferral) -> Screening:
    return Screening.objects.select_for_update().get(referral=referral, outcome="")


def screening_start(*, actor: User, referral: MastReferral) -> MastReferral:
    with transaction.atomic():
        referral = _screenable(actor=actor, referral=referral)
        if not can_proceed(referral.start_screening):
            raise InvalidTransition(f"This referral is already {referral.get_status_display().lower()}.")
        referral.start_screening()
        _save(referral, reason="Screening started", by=actor)
        screening = _open_screening(referral)
        screening.started_at = timezone.now()
        screening.started_by = actor
        _save(screening, reason="Screening started", by=actor)
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
        _save(check, reason="Check with another agency recorded", by=actor)
    return check


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
    with transaction.atomic():
        referral = _screenable(actor=actor, referral=referral)
        if referral.status != MastReferral.Status.IN_SCREENING:
            raise InvalidTransition(
                "Start screening the referral before recording an outcome."
                if referral.status == MastReferral.Status.SUBMITTED
                else "An outcome has already been recorded for this referral."
            )
        if passing and passed_to.pk == referral.authority_id:
            raise ValidationError({"passed_to": "Choose another local authority: this one is screening it now"})
        now = timezone.now()
        screening = _open_screening(referral)
        screening.outcome = outcome
        screening.reasons = reasons.strip()
        screening.passed_to = passed_to if passing else None
        screening.decided_at = now
        screening.decided_by = actor
        _save(screening, reason=f"Outcome: {Outcome(outcome).label}", by=actor)
        next_screening = None
        if passing:
            receiving_teams = mast_teams(passed_to)
            if not receiving_teams:
                raise ValidationError({"passed_to": f"{passed_to} has no MAST team in the portal: phone them"})
            # The passing MAST keeps sight of what it screened but no longer screens it.
            for team in mast_teams(referral.authority):
                remove_perm("referrals.screen_mastreferral", team.group, referral)
            referral.pass_to(authority=passed_to, due=clocks.screening_due(timezone.localdate(now)))
            _save(referral, reason=f"Passed to {passed_to}"[:100], by=actor)
            next_screening = Screening(
                referral=referral, authority=passed_to, received_at=now, due_on=referral.screening_due
            )
            _save(next_screening, reason="Screening due", by=actor)
            _open_to_mast(referral=referral, teams=receiving_teams, actor=actor)
        else:
            referral.record_outcome(outcome=outcome, at=now)
            _save(referral, reason=f"Outcome recorded: {Outcome(outcome).label}", by=actor)
    if passing:
        subject = f"Your MAST referral {referral.reference} has been passed to {passed_to}"
        body = f"{screening.authority} MAST passed your referral to {passed_to} MAST, who will screen it."
    else:
        subject = f"Outcome of your MAST referral {referral.reference}: {Outcome(outcome).label}"
        body = f"{screening.authority} MAST screened your referral. Sign in to see the reasons."
    core.notify(
        recipient=referral.referrer,
        event_key=f"referral:{referral.pk}:screening:{screening.pk}:outcome",
        subject=subject,
        body=body,
        link=referral.get_absolute_url(),
    )
    if next_screening is not None:
        _tell_mast(referral=referral, screening=next_screening, teams=receiving_teams)
    return referral


def screening_escalate_overdue(*, today: date) -> dict[str, int]:
    """Sweep: a screening overdue goes to the MAST team managers of its authority (level 1); still
    unscreened a working day after the due date, to its Caldicott Guardian and lead information
    officer (level 2). Idempotent: each (screening, level) is raised once, however often it runs."""
    raised = 0
    overdue = Screening.objects.filter(outcome="", due_on__lt=today).select_related("referral__child", "authority")
    for screening in overdue:
        level = clocks.escalation_level(screening.due_on, today)
        for step in range(1, level + 1):
            if step == Escalation.Level.TEAM_MANAGER:
                assignees = mast_managers(screening.authority)
                summary = (
                    f"MAST referral {screening.referral.reference} was due to be screened by "
                    f"{screening.due_on:%-d %B %Y} and has no recorded outcome."
                )
            else:
                assignees = core.escalation_reviewers(organisation=screening.authority)
                summary = (
                    f"MAST referral {screening.referral.reference} is still unscreened a working day after it "
                    f"was due ({screening.due_on:%-d %B %Y})."
                )
            _, created = core.escalation_raise(
                subject=screening,
                kind=Escalation.Kind.SCREENING_OVERDUE,
                level=step,
                organisation=screening.authority,
                summary=summary,
                assignees=assignees,
                child=screening.referral.child,
            )
            raised += int(created)
    return {"escalations_raised": raised}


# --- Alerts to MAST ------------------------------------------------------------------------------


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


def alert_kinds_for(user: User) -> list[str]:
    """Which alerts a user's organisation raises (Tier 4 guidance): agencies other than social care
    tell MAST a Child in Need from another area now lives here; social care tells MAST that a Child
    in Need has left for an unknown location."""
    if user.organisation is None:
        return []
    if user.organisation.is_local_authority:
        return [MastAlert.Kind.WHEREABOUTS_UNKNOWN]
    return [MastAlert.Kind.CIN_MOVED_IN]


def alert_raise(*, actor: User, details: AlertDetails) -> MastAlert:
    _require(actor.has_perm("referrals.add_mastalert"), "You cannot raise alerts to MAST.")
    _require(actor.organisation is not None, "Your account has no organisation: ask an administrator.")
    errors: dict[str, str] = {}
    if details.kind not in alert_kinds_for(actor):
        errors["kind"] = (
            "Social care refers a Child in Need who has moved to the new area's children's social care as a transfer"
            if details.kind == MastAlert.Kind.CIN_MOVED_IN
            else "Only children's social care issues this alert. If a child is missing and may be at risk of "
            "significant harm, make a referral to MAST"
        )
    if not details.authority.is_local_authority:
        errors["authority"] = "Choose a local authority"
    if details.child is not None:
        _require(has_object_permission(actor, "view_child", details.child), "You cannot see that child's record.")
    elif not (details.child_first_name.strip() and details.child_last_name.strip()):
        errors["child_first_name"] = "Enter the child's first and last name"
    if details.child_date_of_birth and details.child_date_of_birth > timezone.localdate():
        errors["child_date_of_birth"] = "The date of birth must be today or in the past"
    if not details.what_is_known.strip():
        errors["what_is_known"] = "Say what you know about the move"
    if details.kind == MastAlert.Kind.WHEREABOUTS_UNKNOWN and not details.risk_assessment.strip():
        errors["risk_assessment"] = "Give the risk assessment behind issuing the alert"
    if errors:
        raise ValidationError(errors)
    teams = mast_teams(details.authority)
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
        _save(alert, reason="Alert raised to MAST", by=actor)
        assign_perm("referrals.view_mastalert", actor, alert)
        for team in teams:
            assign_perm("referrals.view_mastalert", team.group, alert)
            assign_perm("referrals.act_on_mastalert", team.group, alert)
    for user in _mast_members(teams):
        core.notify(
            recipient=user,
            event_key=f"alert:{alert.pk}:received",
            subject=f"New alert to MAST: {alert.get_kind_display()}",
            body=f"From {actor.organisation}.",
            link=alert.get_absolute_url(),
        )
    return alert


def _alert_for_update(*, actor: User, alert: MastAlert) -> MastAlert:
    alert = MastAlert.objects.select_for_update().get(pk=alert.pk)
    _require(can_act_on_alert(actor, alert), "Only MAST of the receiving authority can act on this alert.")
    return alert


def alert_acknowledge(*, actor: User, alert: MastAlert) -> MastAlert:
    with transaction.atomic():
        alert = _alert_for_update(actor=actor, alert=alert)
        if not can_proceed(alert.acknowledge):
            raise InvalidTransition(f"This alert is already {alert.get_status_display().lower()}.")
        alert.acknowledge(by=actor, at=timezone.now())
        _save(alert, reason="Alert acknowledged", by=actor)
    return alert


def alert_close(*, actor: User, alert: MastAlert, action_taken: str) -> MastAlert:
    if not action_taken.strip():
        raise ValidationError({"action_taken": "Say what MAST did about the alert"})
    with transaction.atomic():
        alert = _alert_for_update(actor=actor, alert=alert)
        if not can_proceed(alert.close):
            raise InvalidTransition("This alert is already closed.")
        alert.close(by=actor, at=timezone.now(), action_taken=action_taken.strip())
        _save(alert, reason="Alert closed", by=actor)
    return alert


def _linkable(*, actor: User, alert: MastAlert) -> MastAlert:
    alert = _alert_for_update(actor=actor, alert=alert)
    if alert.is_closed:
        raise InvalidTransition("This alert is closed: it can no longer be linked.")
    return alert


def alert_link_child(*, actor: User, alert: MastAlert, child: Child) -> MastAlert:
    _require(has_object_permission(actor, "view_child", child), "You cannot see that child's record.")
    with transaction.atomic():
        alert = _linkable(actor=actor, alert=alert)
        alert.child = child
        _save(alert, reason="Linked to a child", by=actor)
    return alert


def alert_link_referral(*, actor: User, alert: MastAlert, referral: MastReferral) -> MastAlert:
    from referrals.selectors import referral_list_for_user

    _require(
        referral_list_for_user(user=actor).filter(pk=referral.pk).exists() and not referral.is_draft,
        "You cannot see that referral.",
    )
    with transaction.atomic():
        alert = _linkable(actor=actor, alert=alert)
        alert.referral = referral
        _save(alert, reason=f"Linked to referral {referral.reference}", by=actor)
    return alert


def alert_link_transfer(*, actor: User, alert: MastAlert, transfer: models.Model) -> MastAlert:
    """Link an alert to the transfer request MAST made because of it. Called by the transfers app
    (which may import referrals; referrals never imports transfers)."""
    from django.contrib.contenttypes.models import ContentType

    with transaction.atomic():
        alert = _linkable(actor=actor, alert=alert)
        alert.transfer_type = ContentType.objects.get_for_model(transfer)
        alert.transfer_id = transfer.pk
        _save(alert, reason="Linked to a transfer request", by=actor)
    return alert
