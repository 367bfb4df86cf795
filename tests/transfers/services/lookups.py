"""Look-ups the transfers service tests share."""

from django.contrib.contenttypes.models import ContentType

from portal.models import Escalation
from transfers import selectors
from transfers.models import CinTransfer


def visible(user) -> set[int]:
    return set(selectors.transfer_list_for_user(user=user).values_list("pk", flat=True))


def escalations(transfer, kind=None):
    found = Escalation.objects.filter(
        subject_type=ContentType.objects.get_for_model(CinTransfer), subject_id=transfer.pk
    )
    return found.filter(kind=kind) if kind else found
