"""The core's part of a subject access bundle (issue 17): the person's or child's own record, the
people recorded in a child's life, the record's changes, and who viewed a child's record. Also the
helpers every app uses to mark third parties. A fixed number of queries however many records."""

from portal.extensions import SubjectAccessItem, ThirdParty
from portal.models import AccessEvent, Child, Person, Relationship, User
from portal.text import date_text, datetime_text


def person_third_party(person: Person, role: str = "") -> ThirdParty:
    """A parent, carer or significant other who is not the requester: their name and contact details."""
    values = (person.full_name, person.phone, person.email, person.address.strip(), person.postcode)
    label = f"{person.full_name} ({role})" if role else person.full_name
    return ThirdParty(key=f"person:{person.pk}", label=label, values=tuple(v for v in values if v))


def practitioner_third_party(user: User, role: str = "") -> ThirdParty:
    """A practitioner named in a record (who submitted it, chaired it, owns an action): their name and
    email. `role` says why they are named; without it, their organisation (select it with the user)."""
    if not role:
        role = user.organisation.name if user.organisation_id else "practitioner"
    values = tuple(v for v in (str(user), user.email) if v)
    return ThirdParty(key=f"user:{user.pk}", label=f"{user} ({role})", values=values)


def child_third_party(child: Child) -> ThirdParty:
    values = (child.full_name, child.nhs_number, child.address.strip(), child.postcode)
    return ThirdParty(key=f"child:{child.pk}", label=f"{child.full_name} (child)", values=tuple(v for v in values if v))


def _kind(relationship: Relationship) -> str:
    """A short name for the relationship: "mother", "significant other"."""
    return relationship.kind.replace("_", " ")


def subject_name(person: Child | Person) -> str:
    return person.full_name


def when_recorded(value) -> str:
    """A date in words for a bundle, or "not recorded" where the record has none."""
    return date_text(value) if value else "not recorded"


def _history_item(record: Child | Person, label: str) -> SubjectAccessItem | None:
    versions = list(record.history.select_related("history_user").order_by("history_date", "history_id"))
    if not versions:
        return None
    lines = tuple(
        f"{datetime_text(v.history_date)}: {v.history_change_reason or 'Changed'}"
        + (f" by {v.history_user}" if v.history_user else "")
        for v in versions
    )
    kind = "child" if isinstance(record, Child) else "person"
    return SubjectAccessItem(
        key=f"portal.{kind}-history:{record.pk}",
        source="Record history",
        title=f"Changes to {label}",
        when=versions[-1].history_date,
        lines=lines,
    )


def _person_items(person: Person) -> list[SubjectAccessItem]:
    items = [
        SubjectAccessItem(
            key=f"portal.person:{person.pk}",
            source="Personal details",
            title="Your details as recorded",
            when=None,
            lines=(
                f"Name: {person.full_name}",
                f"Date of birth: {when_recorded(person.date_of_birth)}",
                f"Address: {person.address.strip() or 'not recorded'} {person.postcode}".strip(),
                f"Phone: {person.phone or 'not recorded'}",
                f"Email: {person.email or 'not recorded'}",
            ),
        )
    ]
    relationships = (
        Relationship.objects.filter(person=person)
        .select_related("child")
        .prefetch_related("child__relationships__person")
        .order_by("obtained_on", "pk")
    )
    for relationship in relationships:
        child = relationship.child
        others = [r for r in child.relationships.all() if r.person_id != person.pk]
        third_parties = [person_third_party(r.person, _kind(r)) for r in others]
        if not relationship.has_parental_responsibility:
            third_parties.append(child_third_party(child))
        lines = [
            f"Recorded as: {relationship.get_kind_display()} of {child.full_name}",
            f"Parental responsibility: {'yes' if relationship.has_parental_responsibility else 'no'}",
            f"Lives with the child: {'yes' if relationship.lives_with_child else 'no'}",
            f"How we learned about you: {relationship.get_source_display()},"
            f" on {when_recorded(relationship.obtained_on)}",
        ]
        lines += [
            f"Also recorded in {child.first_name}'s life: {r.person.full_name} ({r.get_kind_display()})" for r in others
        ]
        items.append(
            SubjectAccessItem(
                key=f"portal.relationship:{relationship.pk}",
                source="Family and relationships",
                title=f"Your relationship to {child.full_name}",
                when=relationship.obtained_on,
                lines=tuple(lines),
                third_parties=tuple(third_parties),
            )
        )
    history = _history_item(person, "your details")
    return items + ([history] if history else [])


def _child_items(child: Child) -> list[SubjectAccessItem]:
    items = [
        SubjectAccessItem(
            key=f"portal.child:{child.pk}",
            source="Personal details",
            title="Your record",
            when=child.created_at,
            lines=(
                f"Name: {child.full_name}",
                f"Other names: {child.other_names or 'none recorded'}",
                f"Date of birth: {when_recorded(child.date_of_birth)}",
                f"NHS number: {child.nhs_number or 'not recorded'}",
                f"Address: {child.address.strip() or 'not recorded'} {child.postcode}".strip(),
                f"Local authority: {child.local_authority}",
                f"Level of need: {child.get_tier_display()}",
                f"Allocated worker: {child.allocated_worker or 'none'}; team: {child.allocated_team or 'none'}",
            ),
        )
    ]
    relationships = list(
        Relationship.objects.filter(child=child).select_related("person").order_by("kind", "person__last_name", "pk")
    )
    if relationships:
        items.append(
            SubjectAccessItem(
                key=f"portal.child-people:{child.pk}",
                source="Family and relationships",
                title="People recorded in your life",
                when=max(r.obtained_on for r in relationships),
                lines=tuple(f"{r.person.full_name}: {r.get_kind_display()}" for r in relationships),
                third_parties=tuple(person_third_party(r.person, _kind(r)) for r in relationships),
            )
        )
    history = _history_item(child, "your record")
    if history:
        items.append(history)
    events = list(AccessEvent.objects.filter(child=child).select_related("user__organisation").order_by("at", "pk"))
    if events:
        items.append(
            SubjectAccessItem(
                key=f"portal.access-log:{child.pk}",
                source="Who viewed your record",
                title="Access log",
                when=events[-1].at,
                lines=tuple(
                    f"{datetime_text(e.at)}: {e.user}"
                    + (f" ({e.user.organisation})" if e.user.organisation else "")
                    + f" — {e.get_kind_display().lower()}: {e.what or 'the record'}"
                    for e in events
                ),
            )
        )
    return items


def core_subject_access_items(*, person: Child | Person) -> list[SubjectAccessItem]:
    return _child_items(person) if isinstance(person, Child) else _person_items(person)


def third_party_candidates(*, person: Child | Person) -> list[ThirdParty]:
    """The people who may be named in records about `person` and are not them: for a child, the
    people recorded in their life; for a person, the others in the lives of the children they are
    related to (and those children, where the person has no parental responsibility). Two queries."""
    if isinstance(person, Child):
        relationships = Relationship.objects.filter(child=person).select_related("person")
        return [person_third_party(r.person, _kind(r)) for r in relationships]
    own = list(Relationship.objects.filter(person=person).select_related("child"))
    others = Relationship.objects.filter(child_id__in=[r.child_id for r in own]).exclude(person=person)
    found = {f"person:{r.person_id}": person_third_party(r.person) for r in others.select_related("person")}
    for relationship in own:
        if not relationship.has_parental_responsibility:
            found[f"child:{relationship.child_id}"] = child_third_party(relationship.child)
    return list(found.values())


def mentioned(lines, candidates: list[ThirdParty]) -> tuple[ThirdParty, ...]:
    """The candidates named (by any of their details) in these lines."""
    text = "\n".join(lines).casefold()
    return tuple(c for c in candidates if any(value.casefold() in text for value in c.values))
