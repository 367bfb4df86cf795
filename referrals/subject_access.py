"""Referrals' part of a subject access bundle (issue 17): the MAST referrals about a child, and
those a parent's agreement was sought for. A fixed number of queries however many referrals."""

from django.db.models import Q

from portal.extensions import SubjectAccessItem
from portal.models import Child, Person
from portal.subject_access import mentioned, third_party_candidates
from referrals.models import MastReferral


def referrals_subject_access_items(*, person: Child | Person) -> list[SubjectAccessItem]:
    about = Q(child=person) if isinstance(person, Child) else Q(consent_record__given_by_person=person)
    referrals = (
        MastReferral.objects.filter(about)
        .exclude(status=MastReferral.Status.DRAFT)
        .select_related("child", "referrer", "referrer_organisation", "authority")
        .order_by("submitted_at", "pk")
    )
    candidates = third_party_candidates(person=person)
    items = []
    for referral in referrals:
        lines = [
            f"About: {referral.child.full_name if referral.child else 'a child'}",
            f"Referred by: {referral.referrer} ({referral.referrer_organisation or 'no organisation'})",
            f"To: {referral.authority or 'MAST'}; status: {referral.get_status_display()}",
            f"What happened: {referral.what_happened}",
            f"The referrer's view: {referral.referrer_view or 'not recorded'}",
            f"The family's views: {referral.family_views or 'not recorded'}",
        ]
        if referral.outcome:
            lines.append(f"Outcome: {referral.get_outcome_display()}")
        items.append(
            SubjectAccessItem(
                key=f"referrals.referral:{referral.pk}",
                source="Referrals to MAST",
                title="Referral to the Multi-Agency Screening Team",
                when=referral.submitted_at,
                lines=tuple(lines),
                third_parties=mentioned(lines, candidates),
            )
        )
    return items
