"""The family page for someone who is not the allocated worker (issue 14): every child it shows is
an access event, and those events are written together, so the page costs the same number of
queries with 10 brothers and sisters as with 500 — and each of them is still in the access log."""

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from portal.models import AccessEvent, Child, ChildAccessGrant, ChildGroupObjectPermission, Person, Relationship
from tests.factories import make_child, next_nhs_number
from tests.helpers import client_for, queries_to_get


def siblings(setup, mother: Person, count: int, start: int) -> list[Child]:
    """Children of the same mother, allocated to the north CIN team as the services allocate them
    (the team's guardian row, with the grant in force behind it)."""
    north = setup.north
    children = Child.objects.bulk_create(
        [
            Child(
                first_name=f"Sibling{start + i}",
                last_name="Bulk",
                nhs_number=next_nhs_number(),
                local_authority=north.org,
                tier=4,
                allocated_team=north.cin,
                allocated_worker=north.social_worker,
                allocated_on=timezone.localdate(),
            )
            for i in range(count)
        ]
    )
    view_child = Permission.objects.get(content_type__app_label="portal", codename="view_child")
    ChildGroupObjectPermission.objects.bulk_create(
        [ChildGroupObjectPermission(group=north.cin.group, permission=view_child, content_object=c) for c in children]
    )
    ChildAccessGrant.objects.bulk_create(
        [ChildAccessGrant(child=c, team=north.cin, basis="allocated_team", level="edit") for c in children]
    )
    Relationship.objects.bulk_create([Relationship(child=c, person=mother, kind="mother") for c in children])
    return children


def test_the_family_page_logs_every_child_it_shows_in_the_same_number_of_queries(setup):
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    mother = Person.objects.create(first_name="Mum", last_name="Bulk")
    Relationship.objects.create(child=child, person=mother, kind="mother")
    viewer = north.cin_manager  # in the child's team, not its allocated worker: every read is logged
    client = client_for(viewer)
    url = reverse("portal:child_family", args=[child.pk])

    first = siblings(setup, mother, 10, start=0)
    queries_to_get(client, url)
    before = AccessEvent.objects.filter(user=viewer).count()
    with_ten = queries_to_get(client, url)
    logged = AccessEvent.objects.filter(user=viewer).order_by("pk")[before:]
    assert {event.child_id for event in logged} == {child.pk, *(c.pk for c in first)}
    assert {event.what for event in logged if event.child_id == child.pk} == {"Family"}
    assert all(event.access_basis == "Allocated team" for event in logged), {e.access_basis for e in logged}
    # Each event has its history row, as one written on its own would.
    assert all(event.history.count() == 1 for event in logged)

    rest = siblings(setup, mother, 490, start=10)
    before = AccessEvent.objects.filter(user=viewer).count()
    assert queries_to_get(client, url) == with_ten
    assert AccessEvent.objects.filter(user=viewer).count() - before == 1 + len(first) + len(rest)
