"""Dashboards and the review queue answer in the same number of queries with 10 records as with
500 (issue 7). The records are bulk-created here: what is measured is the pages, not the set-up."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal.models import (
    Child,
    ChildGroupObjectPermission,
    Escalation,
    EscalationAssignment,
    Person,
    Relationship,
)
from referrals.models import MastReferral, ReferralGroupObjectPermission, Screening
from sharing.models import PrivacyNotice
from tests.factories import next_nhs_number
from tests.helpers import client_for, queries_to_get
from transfers.models import CinTransfer, CinTransferGroupObjectPermission


def bulk_records(setup, count: int, start: int) -> None:
    north, south = setup.north, setup.south
    today = timezone.localdate()
    children = Child.objects.bulk_create(
        [
            Child(
                first_name=f"Child{start + i}",
                last_name="Bulk",
                nhs_number=next_nhs_number(),
                local_authority=north.org,
                tier=4,
                allocated_team=north.cin,
                allocated_worker=north.social_worker,
                allocated_on=today,
            )
            for i in range(count)
        ]
    )
    view_child = Permission.objects.get(content_type__app_label="portal", codename="view_child")
    ChildGroupObjectPermission.objects.bulk_create(
        [ChildGroupObjectPermission(group=north.cin.group, permission=view_child, content_object=c) for c in children]
    )
    child_type = ContentType.objects.get_for_model(Child)
    escalations = Escalation.objects.bulk_create(
        [
            Escalation(
                subject_type=child_type,
                subject_id=c.pk,
                kind=Escalation.Kind.CONSENT_OVERRIDDEN,
                level=1 + i % 2,
                organisation=north.org,
                child=c,
                summary="Bulk",
            )
            for i, c in enumerate(children)
        ]
    )
    EscalationAssignment.objects.bulk_create(
        [EscalationAssignment(escalation=e, user=north.cin_manager) for e in escalations]
    )
    people = Person.objects.bulk_create([Person(first_name=f"P{start + i}", last_name="Bulk") for i in range(count)])
    links = Relationship.objects.bulk_create(
        [
            Relationship(child=c, person=p, kind="significant_other", source="third_party")
            for c, p in zip(children, people, strict=True)
        ]
    )
    PrivacyNotice.objects.bulk_create(
        [
            PrivacyNotice(
                person=link.person,
                relationship=link,
                child=link.child,
                responsible=north.social_worker,
                obtained_on=today - timedelta(days=20 + i % 30),
                due_on=today + timedelta(days=10 - i % 30),
            )
            for i, link in enumerate(links)
        ]
    )
    transfers = CinTransfer.objects.bulk_create(
        [
            CinTransfer(
                child=c,
                sending_authority=north.org,
                sending_team=north.cin,
                receiving_authority=south.org,
                receiving_team=south.cin,
                created_by=north.social_worker,
                move_date=today,
                move_kind="permanent",
                state="referred",
                referred_by=north.social_worker,
                referred_at=timezone.now(),
                referred_on=today - timedelta(days=i % 25),
                decision_due_on=today + timedelta(days=15 - i % 25),
            )
            for i, c in enumerate(children)
        ]
    )
    view_transfer = Permission.objects.get(content_type__app_label="transfers", codename="view_cintransfer")
    CinTransferGroupObjectPermission.objects.bulk_create(
        [
            CinTransferGroupObjectPermission(group=team.group, permission=view_transfer, content_object=t)
            for t in transfers
            for team in (north.cin, south.cin)
        ]
    )
    referrals = MastReferral.objects.bulk_create(
        [
            MastReferral(
                reference=f"MAST-2026-{start + i:06d}",
                status="submitted",
                referrer=setup.health_visitor,
                referrer_organisation=setup.health,
                child=c,
                authority=north.org,
                urgency=1 + i % 3,
                submitted_at=timezone.now(),
                screening_due=today + timedelta(days=1 - i % 3),
            )
            for i, c in enumerate(children)
        ]
    )
    Screening.objects.bulk_create(
        [Screening(referral=r, authority=north.org, due_on=r.screening_due) for r in referrals]
    )
    permissions = Permission.objects.filter(
        content_type__app_label="referrals", codename__in=["view_mastreferral", "screen_mastreferral"]
    )
    ReferralGroupObjectPermission.objects.bulk_create(
        [
            ReferralGroupObjectPermission(group=north.mast.group, permission=p, content_object=r)
            for r in referrals
            for p in permissions
        ]
    )


# Queries any page may cost (issue 14): the viewer's facts once, then one query per widget, list or
# section. Every page in the table is held to it.
MOST_QUERIES = 15
# Pages still above it (none since the home page's sections and the family page's parts are read
# together: portal.batch). Pinned here, if ever one must be, so it cannot grow.
STILL_ABOVE: dict[str, int] = {}


def most_queries(page: str) -> int:
    """The cap on PostgreSQL, where portal.batch reads every app's part of a page in one query. On the
    embedded SQLite default each part is its own query, so only flatness is held there."""
    if connection.vendor != "postgresql":
        return 10**6
    return STILL_ABOVE.get(page, MOST_QUERIES)


PAGES = [
    ("north.social_worker", "portal:home"),
    ("north.cin_manager", "portal:home"),
    ("north.social_worker", "portal:child_list"),
    ("north.cin_manager", "portal:child_list"),
    ("south.cin_manager", "transfers:home"),
    ("north.cin_manager", "portal:dashboard"),
    ("north.mast_manager", "portal:dashboard"),
    ("south.cin_manager", "portal:dashboard"),
    ("north.caldicott", "portal:review_queue"),
    ("north.caldicott", "sharing:organisation_log"),
    ("north.cin_manager", "portal:escalation_list"),
    ("north.cin_manager", "transfers:home"),
    ("north.mast_manager", "referrals:queue"),
]


@pytest.mark.parametrize(("who", "page"), PAGES)
def test_pages_answer_in_the_same_number_of_queries_with_10_and_500_records(setup, who, page):
    side, name = who.split(".")
    user = getattr(getattr(setup, side), name)
    client = client_for(user)
    url = reverse(page)

    def count() -> int:
        return queries_to_get(client, url)

    bulk_records(setup, 10, start=0)
    count()  # the first request fills per-process caches (content types, permissions)
    with_ten = count()
    bulk_records(setup, 490, start=10)
    assert count() == with_ten
    assert with_ten <= most_queries(page), (page, with_ten)


CHILD_PAGES = ["portal:child_detail", "portal:child_timeline", "portal:child_family", "portal:child_access"]


def family_of(setup, child, count: int, start: int) -> None:
    """`count` more records about the child and its family: siblings sharing its mother (each with a
    transfer, a referral, an escalation and a privacy notice from `bulk_records`), and people in its life."""
    mother = Relationship.objects.get(child=child, kind="mother").person
    before = set(Child.objects.values_list("pk", flat=True))
    bulk_records(setup, count, start=start)
    siblings = Child.objects.exclude(pk__in=before)
    Relationship.objects.bulk_create([Relationship(child=s, person=mother, kind="mother") for s in siblings])
    people = Person.objects.bulk_create([Person(first_name=f"Q{start + i}", last_name="Bulk") for i in range(count)])
    Relationship.objects.bulk_create([Relationship(child=child, person=p, kind="other") for p in people])


@pytest.mark.parametrize("page", CHILD_PAGES)
def test_a_childs_pages_answer_in_the_same_number_of_queries_with_10_and_500_records(setup, page):
    from tests.factories import make_child

    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    mother = Person.objects.create(first_name="Mum", last_name="Bulk")
    Relationship.objects.create(child=child, person=mother, kind="mother")
    client = client_for(setup.north.social_worker)
    url = reverse(page, args=[child.pk])
    family_of(setup, child, 10, start=0)
    queries_to_get(client, url)
    with_ten = queries_to_get(client, url)
    family_of(setup, child, 490, start=10)
    assert queries_to_get(client, url) == with_ten
    assert with_ten <= most_queries(page), (page, with_ten)
