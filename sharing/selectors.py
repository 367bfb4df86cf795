"""Reads for information governance, filtered to what the user may see."""

from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import CharField, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portal import policies
from portal.access import grant_in_force
from portal.models import (
    Child,
    ChildAccessGrant,
    Escalation,
    EscalationAssignment,
    Notification,
    Organisation,
    Role,
    User,
)
from portal.selectors import child_visible_q
from sharing.choices import IdentifierOmitted
from sharing.models import (
    AgreementParty,
    ConsentRecord,
    LawfulBasis,
    LegalGateway,
    PrivacyNotice,
    SharingAgreement,
    SharingDecision,
)

# --- Consent -------------------------------------------------------------------------------------


def consent_in_force(
    *, subject: Child, recipient: Organisation | None, purpose: str, at: datetime | date
) -> ConsentRecord | None:
    """The consent that covers sharing the child's information with this recipient for this purpose
    at this moment, past included: given on or before that day (the Europe/London day) and not
    withdrawn by then, nor ended by a refusal recorded after it (the latest answer is the one in
    force: a refusal that names no recipient refuses them all)."""
    day = timezone.localdate(at) if isinstance(at, datetime) else at
    records = ConsentRecord.objects.filter(
        child=subject,
        purpose=purpose,
        status__in=[ConsentRecord.Status.GIVEN, ConsentRecord.Status.WITHDRAWN],
        decided_on__lte=day,
    ).filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=at))
    if recipient is not None:
        records = records.filter(recipient_links__organisation=recipient)
    consent = records.order_by("-decided_on", "-recorded_at").first()
    if consent is None or consent.decided_on is None:
        return None
    refusals = ConsentRecord.objects.filter(
        child=subject, purpose=purpose, status=ConsentRecord.Status.REFUSED, decided_on__lte=day
    ).filter(
        Q(decided_on__gt=consent.decided_on) | Q(decided_on=consent.decided_on, recorded_at__gt=consent.recorded_at)
    )
    if recipient is not None:
        refusals = refusals.filter(Q(recipient_links__organisation=recipient) | Q(recipient_links__isnull=True))
    return None if refusals.exists() else consent


def not_ended_by_refusal(records: QuerySet[ConsentRecord]) -> QuerySet[ConsentRecord]:
    """These consents less those a refusal for the same child and purpose, recorded after them, has
    ended (whatever recipients it names: for a list, any refusal since counts)."""
    later_refusal = ConsentRecord.objects.filter(
        child=OuterRef("child"), purpose=OuterRef("purpose"), status=ConsentRecord.Status.REFUSED
    ).filter(
        Q(decided_on__gt=OuterRef("decided_on"))
        | Q(decided_on=OuterRef("decided_on"), recorded_at__gt=OuterRef("recorded_at"))
    )
    return records.exclude(Exists(later_refusal))


def consent_list_for_child(*, child: Child) -> QuerySet[ConsentRecord]:
    return child.consent_records.select_related("given_by_person", "recorded_by").prefetch_related(
        "recipient_links__organisation"
    )


def consent_get_for_user(*, user: User, pk: int) -> ConsentRecord:
    return get_object_or_404(
        ConsentRecord.objects.filter(child_visible_q(user=user)).select_related(
            "child", "given_by_person", "recorded_by", "withdrawal_recorded_by"
        ),
        pk=pk,
    )


def consent_access_grants(*, consent: ConsentRecord) -> list[tuple[ChildAccessGrant, SharingDecision]]:
    """Access to the child in force on the strength of this consent, each with the sharing decision
    that gave it (the decision says whether another lawful basis covers the sharing too)."""
    decisions = {
        d.pk: d for d in SharingDecision.objects.filter(consent_record=consent).select_related("article_6_basis")
    }
    grants = ChildAccessGrant.objects.filter(
        child=consent.child,
        basis=ChildAccessGrant.Basis.CONSENT,
        revoked_at__isnull=True,
        source_type__app_label="sharing",
        source_type__model="sharingdecision",
        source_id__in=list(decisions),
    ).select_related("user", "team")
    return [(grant, decisions[grant.source_id]) for grant in grants if grant.source_id in decisions]


def consent_refusal_overridden_by(*, decision: SharingDecision) -> ConsentRecord | None:
    """The refusal a 'share without consent' decision overrides, if one is recorded."""
    if decision.outcome != SharingDecision.Outcome.SHARE or decision.with_consent:
        return None
    return (
        ConsentRecord.objects.filter(
            child=decision.child, purpose=decision.purpose, status=ConsentRecord.Status.REFUSED
        )
        .order_by("-decided_on")
        .first()
    )


# --- Sharing decisions ---------------------------------------------------------------------------


def _decisions() -> QuerySet[SharingDecision]:
    return SharingDecision.objects.select_related(
        "child", "made_by", "organisation", "recipient_organisation", "article_6_basis", "legal_gateway"
    )


def decision_list_for_user(*, user: User, child_id: int | None = None) -> QuerySet[SharingDecision]:
    """Decisions the user made, decisions about children they may see, and, for Caldicott Guardians
    and lead information officers, every decision of their organisation. `child_id`: one child's
    decisions, with the child's permission looked up for that child alone (issue 14)."""
    visible = Q(made_by=user) | child_visible_q(user=user, child_id=child_id)
    # A reviewer an advice request fell back to (the organisation has none of its own) sees it.
    visible |= Q(advice_escalation_id__in=EscalationAssignment.objects.filter(user=user).values("escalation_id"))
    if policies.is_reviewer(user):
        visible |= Q(organisation_id=user.organisation_id)
    decisions = _decisions() if child_id is None else _decisions().filter(child_id=child_id)
    return decisions.filter(visible)


def decision_get_for_user(*, user: User, pk: int) -> SharingDecision:
    return get_object_or_404(decision_list_for_user(user=user), pk=pk)


def decision_log_for_child(*, child: Child) -> QuerySet[SharingDecision]:
    return _decisions().filter(child=child).exclude(status=SharingDecision.Status.DRAFT)


def decision_log_for_organisation(*, organisation: Organisation) -> QuerySet[SharingDecision]:
    return _decisions().filter(organisation=organisation).exclude(status=SharingDecision.Status.DRAFT)


def decisions_without_consent(*, organisation: Organisation) -> QuerySet[SharingDecision]:
    """Information the organisation shared without consent: the register kept for oversight."""
    return (
        decision_log_for_organisation(organisation=organisation)
        .filter(status=SharingDecision.Status.COMPLETED, outcome=SharingDecision.Outcome.SHARE)
        .exclude(consent_answer="yes")
    )


def decision_drafts_for_user(*, user: User) -> QuerySet[SharingDecision]:
    return _decisions().filter(made_by=user).exclude(status=SharingDecision.Status.COMPLETED)


def disclosure_grants_of(*, decision_pk: int) -> QuerySet[ChildAccessGrant]:
    """The access to what was shared that a decision gives its recipient, in force."""
    return (
        ChildAccessGrant.objects.filter(grant_in_force())
        .filter(
            level=ChildAccessGrant.Level.SHARED,
            source_type__app_label="sharing",
            source_type__model="sharingdecision",
            source_id=decision_pk,
        )
        .select_related("user")
    )


def disclosure_list_for_user(*, user: User) -> QuerySet[SharingDecision]:
    """What has been shared with the user (they are the named recipient of a decision to share),
    for as long as each decision stands: its grant ends with a consent withdrawal or an amendment."""
    in_force = ChildAccessGrant.objects.filter(grant_in_force()).filter(
        user=user,
        level=ChildAccessGrant.Level.SHARED,
        source_type__app_label="sharing",
        source_type__model="sharingdecision",
        source_id=OuterRef("pk"),
    )
    return (
        SharingDecision.objects.filter(
            Exists(in_force), status=SharingDecision.Status.COMPLETED, outcome=SharingDecision.Outcome.SHARE
        )
        .select_related("child", "made_by", "organisation", "recipient_organisation")
        .order_by("-completed_at", "-pk")
    )


def disclosure_get_for_user(*, user: User, pk: int) -> SharingDecision:
    decisions = disclosure_list_for_user(user=user).select_related(
        "article_6_basis", "article_9_condition", "schedule_1_condition", "legal_gateway"
    )
    return get_object_or_404(decisions, pk=pk)


def decision_amendments(*, decision: SharingDecision) -> QuerySet[SharingDecision]:
    return _decisions().filter(amends=decision)


def recipients_for(*, organisation: Organisation | None) -> QuerySet[User]:
    """Portal users in the recipient organisation (a named person who uses the portal)."""
    if organisation is None:
        return User.objects.none()
    return User.objects.filter(organisation=organisation, is_active=True).order_by("last_name", "first_name")


# --- Reference data ------------------------------------------------------------------------------


def lawful_bases(*, kind: str) -> QuerySet[LawfulBasis]:
    return LawfulBasis.objects.filter(kind=kind, is_active=True)


def legal_gateways() -> QuerySet[LegalGateway]:
    return LegalGateway.objects.filter(is_active=True)


def lawful_basis(*, code: str | None) -> LawfulBasis | None:
    """The active lawful basis or condition with this code (Article 6, Article 9, Schedule 1)."""
    return LawfulBasis.objects.filter(code=code, is_active=True).first() if code else None


def lawful_basis_required(*, code: str) -> LawfulBasis:
    """The active lawful basis a workflow's sharing decision rests on; a GOV.UK error if an
    administrator has retired it (nothing is shared on a basis that is not in force)."""
    basis = lawful_basis(code=code)
    if basis is None:
        raise ValidationError(f"The lawful basis {code} is not available: ask an administrator to restore it")
    return basis


def legal_gateway(*, name: str) -> LegalGateway | None:
    return LegalGateway.objects.filter(name=name, is_active=True).first()


def _with_current_parties(agreements: QuerySet[SharingAgreement]) -> QuerySet[SharingAgreement]:
    """Each agreement with its current parties as `current_parties` (ended ones are history)."""
    return agreements.prefetch_related(
        Prefetch(
            "party_links",
            queryset=AgreementParty.objects.current().select_related("organisation").order_by("pk"),
            to_attr="current_parties",
        )
    )


def agreements_in_force(*, on: date, between: list[Organisation] | None = None) -> QuerySet[SharingAgreement]:
    """Agreements in force on the day, to which every organisation named is a current party."""
    agreements = SharingAgreement.objects.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
    for organisation in between or []:
        agreements = agreements.filter(party_links__organisation=organisation, party_links__ended_at__isnull=True)
    return _with_current_parties(agreements.distinct())


def agreement_list() -> QuerySet[SharingAgreement]:
    return _with_current_parties(SharingAgreement.objects.all())


def agreements_due_for_review(*, today: date, within_days: int = 30) -> QuerySet[SharingAgreement]:
    return (
        agreement_list()
        .filter(review_on__lte=today + timedelta(days=within_days))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    )


# --- Privacy notices -----------------------------------------------------------------------------


def privacy_notice_list_for_user(*, user: User) -> QuerySet[PrivacyNotice]:
    """Notices the user is responsible for, those of children allocated to teams they manage, and,
    for lead information officers and Caldicott Guardians, their organisation's."""
    managed = list(policies.managed_team_ids(user))
    visible = Q(responsible=user) | Q(child__allocated_team__in=managed) | Q(responsible__memberships__team__in=managed)
    if policies.is_reviewer(user):
        visible |= Q(responsible__organisation_id=user.organisation_id)
    ids = PrivacyNotice.objects.filter(visible).values("pk")
    return PrivacyNotice.objects.filter(pk__in=ids).select_related("person", "child", "responsible")


def privacy_notices_pending() -> QuerySet[PrivacyNotice]:
    """Every notice still owed, with what the sweeps need to remind and escalate."""
    return PrivacyNotice.objects.filter(status=PrivacyNotice.Status.PENDING).select_related(
        "responsible__organisation", "child__allocated_team", "person"
    )


def privacy_notice_reminder_key(*, notice_pk: int, reminder: str) -> str:
    """The event key of a privacy notice's reminder: each goes once."""
    return f"privacy-notice:{notice_pk}:reminder:{reminder}"


def privacy_notices_not_reminded(notices: QuerySet[PrivacyNotice], *, reminder: str) -> QuerySet[PrivacyNotice]:
    """The notices whose responsible practitioner has not had this reminder yet (one `NOT EXISTS` on
    the notifications' unique (recipient, event key) index): what the reminder sweep must still send."""
    key = Concat(
        Value("privacy-notice:"),
        Cast(OuterRef("pk"), CharField()),
        Value(f":reminder:{reminder}"),
        output_field=CharField(),
    )
    sent = Notification.objects.filter(recipient_id=OuterRef("responsible_id"), event_key=key)
    return notices.filter(~Exists(sent))


def lead_information_officers_of(*, organisation: Organisation) -> QuerySet[User]:
    """The organisation's active lead information officers (not its Caldicott Guardians)."""
    return User.objects.filter(
        organisation=organisation, groups__name=Role.LEAD_INFORMATION_OFFICER, is_active=True
    ).distinct()


def privacy_notice_get_for_user(*, user: User, pk: int) -> PrivacyNotice:
    notices = privacy_notice_list_for_user(user=user) | PrivacyNotice.objects.filter(child_visible_q(user=user))
    return get_object_or_404(notices.select_related("person", "child", "responsible", "closed_by"), pk=pk)


# --- When an escalation's subject is finished (registered in apps.py) ----------------------------


def escalations_finished_privacy_notice(*, ids: list[int]) -> set[int]:
    """Privacy information is no longer overdue once it is provided or an exemption recorded."""
    notices = PrivacyNotice.objects.filter(pk__in=ids).exclude(status=PrivacyNotice.Status.PENDING)
    return set(notices.values_list("pk", flat=True))


def escalations_finished_advice(*, ids: list[int]) -> set[int]:
    """An advice request is finished once the decision is no longer waiting for advice."""
    decisions = SharingDecision.objects.filter(pk__in=ids).exclude(status=SharingDecision.Status.AWAITING_ADVICE)
    return set(decisions.values_list("pk", flat=True))


def escalation_reasons_override(*, ids: list[int]) -> dict[int, str]:
    """For the queues: the practitioner's reasons for sharing although consent had been refused."""
    return dict(SharingDecision.objects.filter(pk__in=ids).values_list("pk", "reasons"))


def escalation_reasons_advice(*, ids: list[int]) -> dict[int, str]:
    """For the queues: the question the practitioner asked the Caldicott Guardian."""
    return dict(SharingDecision.objects.filter(pk__in=ids).values_list("pk", "advice_question"))


# --- The Children's Wellbeing and Schools Act 2026 (issue 16) ------------------------------------


def detriment_review(*, decision: SharingDecision):
    """The Caldicott Guardian's review of a decision not to share as more detrimental (s16LA)."""
    return Escalation.objects.filter(
        subject_type=ContentType.objects.get_for_model(SharingDecision),
        subject_id=decision.pk,
        kind=Escalation.Kind.NOT_SHARED_DETRIMENTAL,
    ).first()


def identifier_report_organisations(*, user: User) -> QuerySet[Organisation]:
    """The organisations whose shares a reviewer's report covers: their own and, for a local
    authority, the partner organisations serving its area. Empty for anyone else."""
    if not policies.is_reviewer(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(Q(pk=user.organisation_id) | Q(serves_area_id=user.organisation_id))


NO_REASON = "No reason recorded (before the duty commenced)"


def shared_without_identifier(*, user: User) -> list[dict]:
    """Records shared without the consistent identifier (the NHS number, s16LC), counted by
    organisation, by workflow (the record the share was made for) and by the reason recorded; one
    query, however many records. Counts only: no child's information."""
    rows = (
        SharingDecision.objects.filter(
            organisation__in=identifier_report_organisations(user=user),
            status=SharingDecision.Status.COMPLETED,
            outcome=SharingDecision.Outcome.SHARE,
            identifier_nhs_number="",
        )
        .values("organisation__name", "context_type_id", "identifier_omitted_reason")
        .annotate(records=Count("id"))
        .order_by("organisation__name", "context_type_id", "identifier_omitted_reason")
    )
    reasons = dict(IdentifierOmitted.choices)
    report = []
    for row in rows:
        kind = ContentType.objects.get_for_id(row["context_type_id"]) if row["context_type_id"] else None
        model = kind.model_class() if kind is not None else None
        report.append(
            {
                "organisation": row["organisation__name"],
                "workflow": str(model._meta.verbose_name).capitalize() if model else "Sharing decision",
                "reason": reasons.get(
                    row["identifier_omitted_reason"], "No reason recorded (before the duty commenced)"
                ),
                "records": row["records"],
            }
        )
    return report
