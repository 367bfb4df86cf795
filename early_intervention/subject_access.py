"""Early Intervention's part of a subject access bundle (issue 17): a child's plan moves, and those
a parent's consent was sought for. A fixed number of queries however many moves."""

from django.db.models import Q

from early_intervention.models import EarlyInterventionMove
from portal.extensions import SubjectAccessItem
from portal.models import Child, Person
from portal.subject_access import mentioned, third_party_candidates


def early_intervention_subject_access_items(*, person: Child | Person) -> list[SubjectAccessItem]:
    about = Q(child=person) if isinstance(person, Child) else Q(consent_record__given_by_person=person)
    moves = (
        EarlyInterventionMove.objects.filter(about)
        .select_related("child", "lead_professional", "destination_authority")
        .order_by("move_date", "pk")
    )
    candidates = third_party_candidates(person=person)
    items = []
    for move in moves:
        lines = [
            f"About: {move.child.full_name}",
            f"Early Intervention plan {move.plan_reference}: {move.get_kind_display().lower()} move on "
            f"{move.move_date:%-d %B %Y}",
            f"Moving to: {move.destination_authority or 'whereabouts unknown'}",
            f"Lead professional: {move.lead_professional}",
            f"Parental consent: {move.get_consent_display()}",
            f"Status: {move.get_state_display()}",
        ]
        if move.outcome_reason:
            lines.append(f"Why: {move.outcome_reason}")
        items.append(
            SubjectAccessItem(
                key=f"early_intervention.move:{move.pk}",
                source="Early Intervention plan moves",
                title="Early Intervention plan move",
                when=move.move_date,
                lines=tuple(lines),
                third_parties=mentioned(lines, candidates),
            )
        )
    return items
