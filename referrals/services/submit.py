"""Sending a referral to MAST: the consent decision and an Appendix 1 sharing decision recorded
through information governance, the one-working-day screening clock started, the referral and the
child's record opened to that MAST team, and other workflows told (`signals.referral_sent`)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed
from guardian.shortcuts import remove_perm

from portal.access import has_object_permission, require
from portal.history import save
from portal.models import Child, Organisation, User
from portal.services import InvalidTransition
from referrals import clocks, notices, policies, rules, selectors, signals
from referrals.models import MastReferral, Screening
from referrals.services.consent import consent_record_on_sending
from referrals.services.mast import MAST_RECIPIENT_NAME, open_to_mast, tell_mast
from sharing import law
from sharing import selectors as sharing_selectors
from sharing import services as sharing
from sharing.models import ConsentRecord, Purpose, SharingDecision


class IncompleteReferral(ValidationError):
    """The referral still has unanswered questions; `problems` says which, section by section."""

    def __init__(self, problems: list[rules.Problem]):
        self.problems = problems
        super().__init__([p.message for p in problems])


def referral_submit(*, actor: User, referral: MastReferral) -> MastReferral:
    """Send the referral to the MAST of the child's local authority, or of the authority the draft was
    addressed to when it was started (`referral_start(authority=...)`).

    Records the consent decision and an Appendix 1 sharing decision through information governance
    (so the referral is in the child's sharing log), starts the one-working-day screening clock, and
    opens the referral to that MAST team. A second submit of the same referral (a double click, a
    resubmitted form) finds it sent already and changes nothing."""
    with transaction.atomic():
        referral = MastReferral.objects.select_for_update().get(pk=referral.pk)
        require(referral.referrer_id == actor.pk, "Only the person making this referral can send it.")
        if not can_proceed(referral.submit):
            raise InvalidTransition("This referral has already been sent.")
        now = timezone.now()
        today = timezone.localdate(now)
        in_force = law.cwsa_in_force(at=now)
        problems = rules.missing_answers(referral, today=today, identifier_in_force=in_force)
        child, decided_on = referral.child, referral.consent_answers.decided_on
        if problems or child is None or decided_on is None:
            # `missing_answers` asks for the child and the date of the decision whenever they are missing.
            raise IncompleteReferral(problems)
        # The consistent identifier (s16LC) the referral carries: the NHS number, or why not.
        law.identifier_apply(
            record=referral,
            identifier=law.identifier_require(
                known_nhs_number=referral.known_nhs_number,
                omitted_reason=referral.identifier_omitted_reason,
                explanation=referral.identifier_omitted_explanation,
                at=now,
            ),
        )
        matched = referral.child_is_matched and not has_object_permission(actor, "change_child", child)
        if referral.child_is_matched and not rules.identity_match(child, rules.given_identity(referral)):
            raise ValidationError(
                {"child": "The record you identified has changed since: enter the child's details again."}
            )
        require(
            policies.can_refer_about(actor, child, referral=referral),
            "You can only refer a child whose record you work on.",
        )
        authority = referral.authority or child.local_authority
        teams = selectors.mast_teams(authority=authority)
        if not teams:
            raise ValidationError(
                {"child": f"{authority} has no MAST team in the portal. Phone them now; do not wait."}
            )
        reference = f"MAST-{today.year}-{referral.pk:06d}"
        consent = consent_record_on_sending(
            actor=actor,
            referral=referral,
            child=child,
            decided_on=decided_on,
            authority=authority,
            reference=reference,
            today=today,
            matched=matched,
        )
        due = clocks.screening_due(today)
        referral.submit(at=now, reference=reference, authority=authority, due=due)
        referral.consent_record = consent
        save(referral, reason="Referral sent to MAST", by=actor)

        referral.sharing_decision = _sharing_decision_record(
            actor=actor,
            referral=referral,
            child=child,
            consent=consent,
            authority=authority,
            reference=reference,
            today=today,
            matched=matched,
        )
        save(referral, reason="Sharing decision recorded", by=actor)

        screening = Screening(referral=referral, authority=authority, received_at=now, due_on=due)
        save(screening, reason="Screening due", by=actor)
        # Sent: the referrer keeps sight of it and its outcome, but can no longer change it.
        remove_perm("referrals.change_mastreferral", actor, referral)
        open_to_mast(referral=referral, teams=teams, actor=actor)
        # Inside the transaction: what other workflows record because it was sent (an Early
        # Intervention move completing) stands or falls with the sending.
        signals.referral_sent.send(sender=MastReferral, referral=referral, actor=actor)
        tell_mast(referral=referral, screening=screening, teams=teams)
    return referral


def _sharing_decision_record(
    *,
    actor: User,
    referral: MastReferral,
    child: Child,
    consent: ConsentRecord,
    authority: Organisation,
    reference: str,
    today: date,
    matched: bool,
) -> SharingDecision:
    """The Appendix 1 decision to share the referral with MAST, in the child's sharing log. A referrer
    who identified a record held by another team records it without seeing the record (`matched`):
    this workflow has checked they may (`policies.can_refer_about`)."""
    codes = rules.lawful_basis_codes(referral.information_categories)
    concerns = ", ".join(label.lower() for label in referral.concern_labels)
    return sharing.sharing_decision_record(
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
        answers=rules.sharing_answers(consent.status),
        consent=consent if consent.status == ConsentRecord.Status.GIVEN else None,
        reasons=rules.decision_reasons(
            why=referral.sharing_reasons,
            consent_decision=consent.status,
            not_sought_reason=consent.not_sought_reason,
            explanation=consent.explanation,
            urgency=notices.urgency_heading(referral.urgency),
        ),
        shared=sharing.SharedDetails(
            categories=list(referral.information_categories),
            # What was shared, in the referrer's own words: the facts and their opinion, kept apart.
            summary_facts=f"MAST referral {reference} ({concerns}). {referral.what_happened.strip()}",
            summary_opinion=referral.referrer_view.strip(),
            method=SharingDecision.Method.SECURE_PORTAL,
            shared_on=today,
            article_6_basis=sharing_selectors.lawful_basis(code=codes.article_6),
            article_9_condition=sharing_selectors.lawful_basis(code=codes.article_9),
            schedule_1_condition=sharing_selectors.lawful_basis(code=codes.schedule_1),
            legal_gateway=sharing_selectors.legal_gateway(name=codes.legal_gateway),
            individual_told=referral.family_told,
            not_told_reason=referral.family_not_told_reason if referral.family_told is False else "",
            identifier=referral.identifier,
        ),
        context=referral,
    )
