"""With the demo data, the whole picture of a family spans every workflow (issue 7)."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portal.models import Child, ChildAccessGrant, User
from portal.services import child_access_grant


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - quiet


def status(user: User, name: str, child: Child) -> int:
    client = Client()
    client.force_login(user)
    return client.get(reverse(name, args=[child.pk])).status_code


def page(user: User, name: str, child: Child) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse(name, args=[child.pk]))
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_who_is_involved_lists_every_agency_and_practitioner_from_each_workflow(demo):
    visitor = User.objects.get(username="health.visitor")
    mia, noah, ivy = (Child.objects.get(first_name=n, last_name="Example-Family") for n in ("Mia", "Noah", "Ivy"))

    # The health visitor was shared information about Mia: she reads that disclosure, not Mia's
    # record (issue 13), so Mia's pages answer 404 to her; Mia's social worker sees who is involved.
    assert status(visitor, "portal:child_involved", mia) == 404
    sender = page(User.objects.get(username="north.socialworker"), "portal:child_involved", mia)
    assert "Allocated team and worker (case responsibility)" in sender  # the allocation
    assert "Information shared with them" in sender and str(visitor) in sender  # sharing
    assert "Transferring the case (referred)" in sender  # the transfer, sending side
    assert "Southvale City Council" in sender  # the transfer, receiving side

    noah_involved = page(visitor, "portal:child_involved", noah)
    assert "Health visiting team" in noah_involved
    assert "MAST" in noah_involved  # the referral

    ivy_involved = page(visitor, "portal:child_involved", ivy)
    assert "Early help team" in ivy_involved
    assert "Riverside Primary School" in ivy_involved  # an agency on the Early Intervention plan


def test_the_family_view_shows_the_siblings_open_work_from_every_workflow(demo):
    visitor = User.objects.get(username="health.visitor")
    mia = Child.objects.get(first_name="Mia", last_name="Example-Family")
    assert status(visitor, "portal:child_family", mia) == 404  # a share gives her the disclosure only
    # Record access to Mia, as an invitee to a professionals meeting about her would have it.
    child_access_grant(
        child=mia, basis=ChildAccessGrant.Basis.PROFESSIONALS_MEETING, level=ChildAccessGrant.Level.VIEW, user=visitor
    )
    family = page(visitor, "portal:child_family", mia)
    for sibling in ("Noah Example-Family", "Ivy Example-Family"):
        assert sibling in family
    # The transfer is the two authorities' (issue 11): on the family page only for them.
    assert "Child in Need transfer to Southvale City Council" not in family
    sender = page(User.objects.get(username="north.socialworker"), "portal:child_family", mia)
    assert "Child in Need transfer to Southvale City Council" in sender
    assert "MAST referral" in family
    assert "Early Intervention" in family
    assert "Dana Example-Family — Mother" in family


def test_the_family_shows_only_the_children_the_viewer_may_see(demo):
    worker = User.objects.get(username="north.socialworker")
    mia = Child.objects.get(first_name="Mia", last_name="Example-Family")
    family = page(worker, "portal:child_family", mia)
    assert "Mia Example-Family (this child)" in family
    assert "Noah Example-Family" not in family  # held by the health visiting team and MAST
