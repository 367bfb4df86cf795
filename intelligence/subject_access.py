"""Exploitation intelligence's part of a subject access bundle (issue 17): each submitted item linked
to the child. Every item is flagged to be withheld until the officer has reviewed it: intelligence is
gathered to prevent and detect crime (exploitation), and telling the subject what is held may
prejudice that, so the crime and taxation exemption (DPA 2018 Schedule 2, Part 1, paragraph 2) may
apply — a judgement for the officer, item by item, never a release by default. The submitter, other
children, and the people and accounts the item names are third parties. A fixed number of queries
however many items; an adult (a `Person`) is never linked to intelligence, so has no part here."""

from django.db.models import Prefetch

from intelligence.models import IntelligenceItem, ItemChild, ItemIndividual, Subject
from portal.extensions import SubjectAccessItem, ThirdParty
from portal.models import Child, Person
from portal.subject_access import (
    child_third_party,
    mentioned,
    practitioner_third_party,
    third_party_candidates,
    when_recorded,
)

Item = IntelligenceItem
EXEMPTION = "crime-and-taxation"


def _parties(item: Item, child: Child) -> list[ThirdParty]:
    parties = [practitioner_third_party(item.submitted_by, role="who submitted the intelligence")]
    parties += [child_third_party(link.child) for link in item.child_links.all() if link.child_id != child.pk]
    parties += [
        ThirdParty(
            key=f"intelligence.individual:{link.individual_id}",
            label=f"{link.individual.name} ({link.individual.get_kind_display().lower()})",
            values=(link.individual.name,),
        )
        for link in item.individual_links.all()
    ]
    parties += [
        ThirdParty(
            key=f"intelligence.subject:{subject.pk}",
            label=f"{subject.description} ({subject.get_kind_display().lower()})",
            values=(subject.description,),
        )
        for subject in item.subjects.all()
        if subject.kind != Subject.Kind.LOCATION
    ]
    return parties


def intelligence_subject_access_items(*, person: Child | Person) -> list[SubjectAccessItem]:
    if not isinstance(person, Child):
        return []
    items = (
        Item.objects.filter(child_links__child=person)
        .exclude(state=Item.State.DRAFT)
        .select_related("submitted_by", "submitter_organisation", "authority")
        .prefetch_related(
            Prefetch("child_links", queryset=ItemChild.objects.select_related("child")),
            Prefetch("individual_links", queryset=ItemIndividual.objects.select_related("individual")),
            "subjects",
        )
        .distinct()
        .order_by("submitted_at", "pk")
    )
    candidates = third_party_candidates(person=person)
    found = []
    for item in items:
        parties = _parties(item, person)
        lines = [
            f"Exploitation intelligence {item.reference}, held by the Child Exploitation team of {item.authority}",
            f"Submitted by: {parties[0].values[0]} ({item.submitter_organisation})"
            f" on {when_recorded(item.submitted_at)}",
            f"Type: {item.get_kind_display() or 'not given'}",
            f"Seen or heard on: {when_recorded(item.happened_on)} {item.time_of_day}".strip(),
            f"Where: {item.place_description or 'not recorded'} ({item.postcode_district or 'no district'})",
            f"What was seen or heard (fact): {item.seen_or_heard or 'not recorded'}",
            f"What the submitter thinks it means (opinion): {item.opinion or 'not recorded'}",
            f"Grading: {item.grading or 'not graded'}; status: {item.get_state_display()}",
        ]
        lines += [f"Also about: {party.label}" for party in parties[1:]]
        if item.assessment_notes:
            lines.append(f"The team's assessment: {item.assessment_notes}")
        if item.outcome_reasons:
            lines.append(f"Decision: {item.get_state_display()}: {item.outcome_reasons}")
        others = [p for p in mentioned(lines, candidates) if p.key not in {q.key for q in parties}]
        found.append(
            SubjectAccessItem(
                key=f"intelligence.item:{item.pk}",
                source="Exploitation intelligence",
                title=f"Exploitation intelligence {item.reference}",
                when=item.submitted_at,
                lines=tuple(lines),
                third_parties=tuple(parties + others),
                withhold_until_reviewed=EXEMPTION,
            )
        )
    return found
