"""Subject access requests and a family to ask about: a parent (with parental responsibility) and a
significant other of the same child, held by north."""

import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from portal.models import Child, Person, Relationship
from subject_rights import services
from subject_rights.models import SubjectAccessRequest
from tests.factories import make_child, relate


@dataclass
class Family:
    child: Child
    parent: Person
    other: Person


def family(setup, *, child_name: str = "Ava") -> Family:
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin, first_name=child_name, last_name="Example")
    parent = Person.objects.create(
        first_name="Paula", last_name="Parent", address="1 Parent Street, Northtown", phone="01000 111111"
    )
    other = Person.objects.create(first_name="Sam", last_name="Secret", phone="07000 999999", address="9 Hidden Row")
    relate(child, parent, Relationship.Kind.MOTHER, has_parental_responsibility=True, lives_with_child=True)
    relate(child, other, Relationship.Kind.SIGNIFICANT_OTHER)
    return Family(child, parent, other)


def open_request(setup, subject, *, received_on: date | None = None, officer=None) -> SubjectAccessRequest:
    received = received_on or timezone.localdate() - timedelta(days=3)
    return services.subject_access_open(
        actor=officer or setup.north.info_lead,
        subject=subject,
        details=services.SubjectAccessDetails(
            requester="The person themselves",
            received_on=received,
            identity_evidence=SubjectAccessRequest.IdentityEvidence.PHOTO_ID,
            identity_checked_on=received,
        ),
    )


def sar_for(world) -> SubjectAccessRequest:
    """One request about the world's child, made once per world (for the URL-walking tests)."""
    if not hasattr(world, "_sar"):
        world._sar = open_request(world.setup, world.child)
    return world._sar


def released_sar_for(world) -> SubjectAccessRequest:
    if not hasattr(world, "_released_sar"):
        sar = open_request(world.setup, world.person)
        services.subject_access_release(actor=world.setup.north.info_lead, request=sar)
        world._released_sar = sar
    return world._released_sar


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
