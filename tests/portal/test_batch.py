"""portal.batch reads several querysets in one query and hands back what Django itself would have
built from each (issue 14: the home page's sections and the family page's parts, read together)."""

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from portal.batch import Later, read_together, settled
from portal.models import Child, Organisation, SweepRun
from tests.factories import make_child


def test_several_querysets_are_read_in_one_query_with_the_rows_django_would_build(setup):
    first = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    make_child(worker=setup.north.social_worker, team=setup.north.cin)
    SweepRun.objects.create(name="a-sweep", last_counts={"raised": 3, "nested": {"a": [1, 2]}})

    def querysets():
        return [
            Child.objects.select_related("allocated_team__organisation", "allocated_worker").order_by("pk"),
            Organisation.objects.annotate(team_count=Count("teams")).order_by("-pk")[:2],
            Child.objects.filter(pk=first.pk).values("pk", "first_name", "allocated_team__name", "created_at"),
            Child.objects.filter(pk__in=[]),
            SweepRun.objects.all(),
            Child.objects.values_list("date_of_birth", flat=True).order_by("pk"),
        ]

    expected = [list(qs) for qs in querysets()]
    together = querysets()
    with CaptureQueriesContext(connection) as captured:
        read_together(together)
        got = [list(qs) for qs in together]
    assert len(captured) == 1
    assert got == expected
    children = got[0]
    assert [c.allocated_team.organisation.name for c in children] == [
        c.allocated_team.organisation.name for c in expected[0]
    ]
    assert [o.team_count for o in got[1]] == [o.team_count for o in expected[1]]
    assert got[2][0]["created_at"] == expected[2][0]["created_at"]  # an aware datetime, as read directly
    assert got[4][0].last_counts == {"raised": 3, "nested": {"a": [1, 2]}}


def test_later_answers_of_one_round_are_read_together(setup):
    make_child(worker=setup.north.social_worker, team=setup.north.cin)
    children = Child.objects.order_by("pk")
    recent = Organisation.objects.filter(name__contains="o").order_by("pk")
    answers = [
        Later([children], lambda: [c.pk for c in children]),
        "already known",
        Later([recent], lambda: Later([Organisation.objects.none()], lambda: len(recent))),
    ]
    with CaptureQueriesContext(connection) as captured:
        done = settled(answers)
    assert len(captured) == 1  # the second round's only read is empty: no query at all
    assert done[0] == list(Child.objects.order_by("pk").values_list("pk", flat=True))
    assert done[1] == "already known"
    assert done[2] == Organisation.objects.filter(name__contains="o").count()
