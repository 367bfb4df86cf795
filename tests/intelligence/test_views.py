"""Every intelligence page × the roles that may and may not use it (200 / 403 / 404), the access log
of each read, what a child's own pages say, and the CSV export."""

import pytest
from django.urls import reverse

from intelligence.models import IntelligenceItem, ItemRead, Subject
from portal.models import AccessEvent
from tests.factories import make_child
from tests.helpers import client_for
from tests.intelligence.factories import assessed, ce_team, draft, submitted

Item = IntelligenceItem
pytestmark = pytest.mark.django_db


def status(user, url: str) -> int:
    return client_for(user).get(url).status_code


@pytest.fixture
def world(setup):
    ce = ce_team(setup)
    south_ce = ce_team(setup, "south")
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    item = submitted(setup.health_visitor, child=child)
    the_draft = draft(setup.health_visitor)
    Subject.objects.create(item=the_draft, kind=Subject.Kind.ADULT, description="'Big T'")
    return {"ce": ce, "south_ce": south_ce, "child": child, "item": item, "draft": the_draft}


def test_the_submitter_pages_by_role(setup, world):
    hv, sw, ce = setup.health_visitor, setup.north.social_worker, world["ce"]
    for name in ("intelligence:mine", "intelligence:new"):
        url = reverse(name)
        assert status(hv, url) == 200
        assert status(sw, url) == 200
        assert status(ce.worker, url) == 200
        assert status(setup.north.caldicott, url) == 403
        assert status(setup.north.info_lead, url) == 403
    subject = world["draft"].subjects.get()
    for name, args, want in [
        ("intelligence:draft", [world["draft"].pk], 200),
        ("intelligence:edit", [world["draft"].pk], 200),
        ("intelligence:subject_add", [world["draft"].pk], 200),
        ("intelligence:child_find", [world["draft"].pk], 200),
        ("intelligence:subject_remove", [world["draft"].pk, subject.pk], 405),
    ]:
        url = reverse(name, args=args)
        assert status(hv, url) == want, name
        # A draft is its submitter's alone: the team, the child's worker and everyone else get 404.
        for other in (ce.worker, ce.manager, sw, setup.north.cin_manager, setup.south.screener):
            assert status(other, url) == (405 if want == 405 else 404), (name, other)
    # A submitted item is no longer a draft to edit.
    assert status(hv, reverse("intelligence:edit", args=[world["item"].pk])) == 404


def test_the_item_and_the_team_pages_by_role(setup, world):
    item, ce, hv = world["item"], world["ce"], setup.health_visitor
    detail = reverse("intelligence:detail", args=[item.pk])
    assert status(ce.worker, detail) == 200 and status(ce.manager, detail) == 200
    assert status(hv, detail) == 200  # its submitter
    # The allocated social worker of the linked child cannot read it; nor their manager, nor anyone else.
    for other in (
        setup.north.social_worker,
        setup.north.cin_manager,
        setup.north.mast_manager,
        setup.north.caldicott,
        world["south_ce"].worker,
        setup.south.social_worker,
    ):
        assert status(other, detail) == 404, other
    for name in ("intelligence:assess", "intelligence:child_find"):
        url = reverse(name, args=[item.pk])
        assert status(ce.worker, url) == 200
        assert status(hv, url) == 403  # the submitter sees the item but does not triage it
        assert status(setup.north.social_worker, url) == 404
        assert status(world["south_ce"].worker, url) == 404
    worked = assessed(setup, hv)
    for name in (
        "intelligence:link_place",
        "intelligence:link_vehicle",
        "intelligence:link_person",
        "intelligence:close",
    ):
        url = reverse(name, args=[worked.pk])
        assert status(ce.manager, url) == 200
        assert status(hv, url) == 403
        assert status(setup.north.social_worker, url) == 404
    for name in ("intelligence:queue", "intelligence:trends"):
        url = reverse(name)
        assert status(ce.worker, url) == 200 and status(ce.manager, url) == 200
        for other in (hv, setup.north.social_worker, setup.north.cin_manager, setup.north.caldicott):
            assert status(other, url) == 403


def test_a_submitter_cannot_read_anyone_elses_item(setup, world):
    theirs = submitted(setup.north.social_worker)
    assert status(setup.health_visitor, reverse("intelligence:detail", args=[theirs.pk])) == 404
    assert status(setup.north.early_help_worker, reverse("intelligence:detail", args=[world["item"].pk])) == 404


def test_every_view_of_an_item_is_logged_and_so_is_the_read_of_the_linked_child(setup, world):
    item, ce = world["item"], world["ce"]
    client = client_for(ce.worker)
    client.get(reverse("intelligence:detail", args=[item.pk]))
    client.get(reverse("intelligence:detail", args=[item.pk]))
    assert ItemRead.objects.filter(item=item, user=ce.worker).count() == 2
    events = AccessEvent.objects.filter(user=ce.worker, child=world["child"])
    assert events.count() == 2
    assert "intelligence item" in events.first().access_basis
    page = client.get(reverse("intelligence:detail", args=[item.pk])).content.decode()
    assert str(ce.worker) in page  # "who has opened this item"


def test_the_childs_team_sees_that_intelligence_is_held_and_whom_to_contact_not_what_it_says(setup, world):
    page = client_for(setup.north.social_worker).get(reverse("portal:child_involved", args=[world["child"].pk]))
    text = page.content.decode()
    assert "Exploitation intelligence held" in text and "contact the Child Exploitation team" in text
    assert world["ce"].team.email in text
    assert world["item"].seen_or_heard not in text and world["item"].reference not in text


def test_the_draft_journey_submits_and_an_incomplete_one_shows_what_is_missing(setup, world):
    hv = setup.health_visitor
    client = client_for(hv)
    response = client.post(reverse("intelligence:new"), {"seen_or_heard": "Saw a handover", "postcode_district": "LS1"})
    item = Item.objects.filter(submitted_by=hv).order_by("-pk").first()
    assert response.status_code == 302 and item.state == Item.State.DRAFT and item.postcode_district == "LS1"
    response = client.post(reverse("intelligence:draft", args=[item.pk]))
    assert response.status_code == 200 and "Choose the type of exploitation" in response.content.decode()
    response = client.post(reverse("intelligence:new"), {"postcode_district": "LS1 1AA"})
    assert response.status_code == 200 and "postcode district only" in response.content.decode()


def test_the_csv_export_is_escaped_and_holds_no_free_text(setup, world):
    ce = world["ce"]
    submitted(setup.health_visitor, kind="other", time_of_day="=cmd()", seen_or_heard="=HYPERLINK(secret)")
    response = client_for(ce.worker).get(reverse("intelligence:trends") + "?months=0&format=csv")
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "HYPERLINK" not in body and "secret" not in body
    assert body.splitlines()[0].startswith("Reference,Submitted,Type")
    assert len(body.splitlines()) == 3  # the header and both items


def test_the_trends_filter_by_type_and_district(setup, world):
    ce = world["ce"]
    submitted(setup.health_visitor, kind="sexual", postcode_district="BD1")
    page = client_for(ce.worker).get(reverse("intelligence:trends") + "?kind=sexual&district=bd1&months=0")
    assert page.context["total"] == 1
    page = client_for(ce.worker).get(reverse("intelligence:trends") + "?months=0")
    assert page.context["total"] == 2
