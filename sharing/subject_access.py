"""Information governance's part of a subject access bundle (issue 17): consent, sharing decisions
and disclosures about a child, consent a parent gave, and privacy information owed to a person.
A fixed number of queries however many records there are."""

from portal.extensions import SubjectAccessItem
from portal.models import Child, Person
from portal.subject_access import mentioned, third_party_candidates, when_recorded
from sharing.models import ConsentRecord, PrivacyNotice, SharingDecision


def _consent_lines(consent: ConsentRecord) -> list[str]:
    lines = [
        f"About: {consent.child.full_name}",
        f"Purpose: {consent.get_purpose_display()}"
        + (f" — {consent.purpose_detail}" if consent.purpose_detail else ""),
        f"Decision: {consent.get_status_display() or 'not yet recorded'}, on {when_recorded(consent.decided_on)}",
    ]
    if consent.given_by_person_id:
        lines.append(f"Given by: {consent.given_by_person.full_name}")
    if consent.method:
        lines.append(f"How: {consent.get_method_display()}")
    if consent.recipients_detail:
        lines.append(f"Who may receive it: {consent.recipients_detail}")
    if consent.explanation:
        lines.append(f"Explanation: {consent.explanation}")
    return lines


def _consent_items(consents, candidates) -> list[SubjectAccessItem]:
    items = []
    for consent in consents:
        lines = _consent_lines(consent)
        items.append(
            SubjectAccessItem(
                key=f"sharing.consent:{consent.pk}",
                source="Consent",
                title=f"Consent: {consent.get_purpose_display()}",
                when=consent.decided_on,
                lines=tuple(lines),
                third_parties=mentioned(lines, candidates),
            )
        )
    return items


def _decision_items(child: Child, candidates) -> list[SubjectAccessItem]:
    decisions = (
        SharingDecision.objects.filter(child=child)
        .exclude(status=SharingDecision.Status.DRAFT)
        .select_related("recipient_organisation", "made_by", "organisation", "article_6_basis", "legal_gateway")
        .order_by("started_at", "pk")
    )
    items = []
    for decision in decisions:
        lines = [
            f"Asked for by: {decision.requested_by}",
            f"Purpose: {decision.get_purpose_display()} — {decision.purpose_detail}",
            f"Decision: {decision.get_outcome_display() or decision.get_status_display()}",
            f"Reasons: {decision.reasons or 'not recorded'}",
            f"Decided by: {decision.made_by} ({decision.organisation})",
        ]
        if decision.outcome == SharingDecision.Outcome.SHARE:
            lines += [
                f"Shared with: {decision.recipient_name} ({decision.recipient_organisation})",
                f"Shared on: {when_recorded(decision.shared_on)}",
                f"What was shared (facts): {decision.summary_facts}",
            ]
            if decision.summary_opinion:
                lines.append(f"What was shared (professional opinion): {decision.summary_opinion}")
            if decision.article_6_basis_id:
                lines.append(f"Lawful basis: {decision.article_6_basis}")
            if decision.legal_gateway_id:
                lines.append(f"Legal gateway: {decision.legal_gateway}")
        items.append(
            SubjectAccessItem(
                key=f"sharing.decision:{decision.pk}",
                source="Sharing decisions and disclosures",
                title=f"Decision on sharing with {decision.recipient_organisation or decision.requested_by}",
                when=decision.started_at,
                lines=tuple(lines),
                third_parties=mentioned(lines, candidates),
            )
        )
    return items


def _notice_items(person: Person) -> list[SubjectAccessItem]:
    notices = PrivacyNotice.objects.filter(person=person).select_related("child").order_by("obtained_on", "pk")
    items = []
    for notice in notices:
        lines = [
            f"Your details were obtained from a third party on {when_recorded(notice.obtained_on)}",
            f"Privacy information due by {when_recorded(notice.due_on)}: {notice.get_status_display().lower()}",
        ]
        if notice.provided_how:
            lines.append(f"Provided: {notice.get_provided_how_display()}, on {when_recorded(notice.provided_on)}")
        if notice.exemption:
            lines.append(f"Exemption: {notice.get_exemption_display()} — {notice.justification}")
        items.append(
            SubjectAccessItem(
                key=f"sharing.privacy-notice:{notice.pk}",
                source="Privacy information",
                title="Privacy information owed to you",
                when=notice.obtained_on,
                lines=tuple(lines),
            )
        )
    return items


def sharing_subject_access_items(*, person: Child | Person) -> list[SubjectAccessItem]:
    candidates = third_party_candidates(person=person)
    consents = (
        ConsentRecord.objects.exclude(status="").select_related("child", "given_by_person").order_by("decided_on", "pk")
    )
    if isinstance(person, Child):
        return _consent_items(consents.filter(child=person), candidates) + _decision_items(person, candidates)
    return _consent_items(consents.filter(given_by_person=person), candidates) + _notice_items(person)
