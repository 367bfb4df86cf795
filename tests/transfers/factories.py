"""Ready-made transfers for tests, made through the services exactly as the portal makes them."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.models import Relationship, Tier
from sharing.models import ConsentRecord
from tests.factories import PersonFactory, make_child, relate
from transfers import services
from transfers.demo import demo_pdf
from transfers.models import CinTransfer


def side(setup, key: str):
    return getattr(setup, key)


def cin_child(setup, *, sending: str = "north", **details):
    authority = side(setup, sending)
    details.setdefault("tier", Tier.CHILD_IN_NEED)
    child = make_child(worker=authority.social_worker, team=authority.cin, **details)
    relate(child, PersonFactory(first_name="Jordan"), Relationship.Kind.MOTHER, has_parental_responsibility=True)
    return child


def mother_of(child):
    return child.relationships.get(kind=Relationship.Kind.MOTHER).person


def pdf_upload(name: str = "cin-plan.pdf", title: str = "Child in Need plan") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_pdf(title), content_type="application/pdf")


def move_to(setup, receiving: str = "south", *, team: bool = True, **overrides) -> services.MoveDetails:
    authority = side(setup, receiving)
    values = {
        "receiving_authority": authority.org,
        "receiving_team": authority.cin if team else None,
        "move_date": timezone.localdate() - timedelta(days=2),
        "move_kind": CinTransfer.MoveKind.PERMANENT,
        "new_address": "4 New Road\nSouthvale",
        "new_postcode": "zz9 9nn",
    }
    values.update(overrides)
    return services.MoveDetails(**values)


def agreed(child, **overrides) -> services.FamilyAgreementDetails:
    values = {
        "agreement": CinTransfer.FamilyAgreement.AGREED,
        "protection_concerns": CinTransfer.ProtectionConcerns.NONE,
        "family_told": True,
        "given_by": ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY,
        "person": mother_of(child),
        "method": ConsentRecord.Method.IN_WRITING,
        "decided_on": timezone.localdate() - timedelta(days=1),
    }
    values.update(overrides)
    return services.FamilyAgreementDetails(**values)


def refused_with_concerns(child, **overrides) -> services.FamilyAgreementDetails:
    values = {
        "agreement": CinTransfer.FamilyAgreement.REFUSED,
        "protection_concerns": CinTransfer.ProtectionConcerns.CURRENT,
        "proceed_reason": "Current concerns about neglect; the protection of the child comes first.",
        "advice_from": CinTransfer.AdviceFrom.LEGAL_SERVICES,
        "advice_by": "Lee Lawyer",
        "advice_on": timezone.localdate() - timedelta(days=1),
        "advice_summary": "Refer without agreement.",
    }
    values.update(overrides)
    return agreed(child, **values)


SUMMARY = services.CaseTransferSummary(
    reason_for_involvement="Neglect: poor home conditions.",
    current_plan="Six-weekly CIN reviews.",
    risks="Missed health appointments.",
    strengths="Warm relationship with mother.",
    professionals_involved="Health visitor; class teacher.",
    family_views="Mother wants a fresh start.",
    outstanding_actions="Register with a GP.",
    information_categories=["identity", "family", "social_care"],
    sharing_reasons="The family moved south: Southshire must know the plan and the risks to keep the child safe.",
)


def draft_transfer(setup, child=None, *, sending: str = "north", receiving: str = "south", family=None, **move):
    """A complete draft, ready to refer: move, family's agreement, summary and a CIN plan."""
    authority = side(setup, sending)
    child = child or cin_child(setup, sending=sending)
    worker = authority.social_worker
    transfer = services.transfer_start(actor=worker, child=child, move=move_to(setup, receiving, **move))
    transfer = services.transfer_record_family_agreement(
        actor=worker, transfer=transfer, details=family or agreed(child)
    )
    transfer = services.transfer_save_summary(actor=worker, transfer=transfer, summary=SUMMARY)
    services.transfer_document_add(
        actor=worker,
        transfer=transfer,
        details=services.DocumentDetails(kind="cin_plan", title="Child in Need plan"),
        upload=pdf_upload(),
    )
    return transfer


def referred_transfer(setup, *, referred_on: date | None = None, **kwargs) -> CinTransfer:
    transfer = draft_transfer(setup, **kwargs)
    sending = side(setup, kwargs.get("sending", "north"))
    return services.transfer_refer(actor=sending.social_worker, transfer=transfer, referred_on=referred_on)


def accept(setup, transfer, *, receiving: str = "south", **overrides) -> CinTransfer:
    authority = side(setup, receiving)
    values = {"team": authority.cin, "level_of_need": Tier.CHILD_IN_NEED}
    values.update(overrides)
    return services.transfer_accept(actor=authority.cin_manager, transfer=transfer, **values)
