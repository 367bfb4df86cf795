"""Transfers' part of a subject access bundle (issue 17): the CIN transfers of a child, and those a
parent's agreement was sought for. A fixed number of queries however many transfers."""

from django.db.models import Q

from portal.extensions import SubjectAccessItem
from portal.models import Child, Person
from portal.subject_access import mentioned, third_party_candidates
from transfers.models import CinTransfer


def transfers_subject_access_items(*, person: Child | Person) -> list[SubjectAccessItem]:
    about = Q(child=person) if isinstance(person, Child) else Q(consent_record__given_by_person=person)
    transfers = (
        CinTransfer.objects.filter(about)
        .exclude(state=CinTransfer.State.DRAFT)
        .select_related("child", "sending_authority", "receiving_authority")
        .order_by("move_date", "pk")
    )
    candidates = third_party_candidates(person=person)
    items = []
    for transfer in transfers:
        lines = [
            f"About: {transfer.child.full_name}",
            f"From {transfer.sending_authority} to {transfer.receiving_authority}, moving on "
            f"{transfer.move_date:%-d %B %Y} ({transfer.get_move_kind_display().lower()})",
            f"New address: {transfer.new_address.strip() or 'not recorded'} {transfer.new_postcode}".strip(),
            f"Family's agreement: {transfer.get_family_agreement_display() or 'not recorded'}",
            f"Status: {transfer.get_state_display()}",
        ]
        if transfer.proceed_reason:
            lines.append(f"Why it went ahead: {transfer.proceed_reason}")
        if transfer.decline_reason:
            lines.append(f"Why it was declined: {transfer.decline_reason}")
        items.append(
            SubjectAccessItem(
                key=f"transfers.cin-transfer:{transfer.pk}",
                source="Transfers between local authorities",
                title="Child in Need transfer",
                when=transfer.move_date,
                lines=tuple(lines),
                third_parties=mentioned(lines, candidates),
            )
        )
    return items
