"""Demo data (registered in SubjectRightsConfig.ready): an open subject access request from a
parent in north's area, for north's lead information officer to review, idempotently."""

from datetime import timedelta

from django.utils import timezone

from portal.demo import DemoWorld
from portal.models import Relationship
from subject_rights import services
from subject_rights.models import SubjectAccessRequest


def seed(world: DemoWorld) -> str:
    officer = world.users["north.infolead"]
    if SubjectAccessRequest.objects.filter(organisation=officer.organisation).exists():
        return "Subject access: demo request already there"
    parents = Relationship.objects.filter(
        child__local_authority=officer.organisation, has_parental_responsibility=True
    ).select_related("person")
    relationship = parents.order_by("pk").first()
    if relationship is None:
        return "Subject access: no parent to make a demo request for"
    received = timezone.localdate() - timedelta(days=10)
    details = services.SubjectAccessDetails(
        requester=f"{relationship.person.full_name}, by letter",
        received_on=received,
        identity_evidence=SubjectAccessRequest.IdentityEvidence.PHOTO_ID,
        identity_checked_on=received,
    )
    services.subject_access_open(actor=officer, subject=relationship.person, details=details)
    return "Subject access: 1 demo request opened"
