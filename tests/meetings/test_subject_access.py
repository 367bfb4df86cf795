"""Professionals meetings in a child's subject access bundle (issue 17): the meeting, its minutes with
fact apart from opinion, its decisions and actions; the practitioners named and family members the
minutes mention are third parties, redacted in the released bundle unless the officer chooses."""

from portal.models import Person, Relationship
from subject_rights import services as sar_services
from tests.factories import relate
from tests.meetings.factories import add_action, call, hold, involved_child
from tests.subject_rights.factories import open_request


def _meeting_items(items):
    return {i.item.key: i for i in items if i.item.key.startswith("meetings.meeting:")}


def test_the_meeting_minutes_and_actions_are_in_the_child_s_bundle_with_third_parties_marked(setup):
    child = involved_child(setup)
    other = Person.objects.create(first_name="Sam", last_name="Secret", phone="07000 999999")
    relate(child, other, Relationship.Kind.SIGNIFICANT_OTHER)
    meeting = hold(setup, call(setup, child))
    meeting.minutes_facts += " Sam Secret was at the home visit."
    meeting.save()
    add_action(setup, meeting)
    sar = open_request(setup, child)
    items = _meeting_items(sar_services.requests.released_items(request=sar, viewer=setup.north.info_lead))
    key = f"meetings.meeting:{meeting.pk}"
    assert set(items) == {key, f"{key}:minutes", f"{key}:actions"}
    minutes = items[f"{key}:minutes"].item
    assert any(line.startswith("What was reported (fact): School attendance is 60%") for line in minutes.lines)
    assert any(line.startswith("Professional opinion and analysis (opinion):") for line in minutes.lines)
    assert any(line.startswith("Decisions: A joint home visit") for line in minutes.lines)
    assert any("Offer a new health appointment" in line for line in items[f"{key}:actions"].item.lines)
    hv = setup.health_visitor
    for item in (items[key], items[f"{key}:actions"]):
        # The other attendees' names are marked, and (nobody chose to release them) redacted.
        assert f"user:{hv.pk}" in {p.key for p in item.item.third_parties}
        assert str(hv) in "\n".join(item.item.lines)
        assert str(hv) not in "\n".join(item.lines)
    # A family member the minutes name is marked there too.
    assert f"person:{other.pk}" in {p.key for p in minutes.third_parties}
    assert "Sam Secret" not in "\n".join(items[f"{key}:minutes"].lines)


def test_a_practitioner_s_name_is_released_when_the_officer_chooses(setup):
    meeting = call(setup)
    sar = open_request(setup, meeting.child)
    hv = setup.health_visitor
    sar_services.subject_access_party_decide(
        actor=setup.north.info_lead,
        request=sar,
        party_key=f"user:{hv.pk}",
        action="release",
        exemption=None,
        reason="A professional acting in their role",
    )
    items = _meeting_items(sar_services.requests.released_items(request=sar, viewer=setup.north.info_lead))
    assert str(hv) in "\n".join(items[f"meetings.meeting:{meeting.pk}"].lines)


def test_a_parent_s_request_holds_no_meeting_items(setup):
    meeting = call(setup)
    parent = Person.objects.create(first_name="Paula", last_name="Parent")
    relate(meeting.child, parent, Relationship.Kind.MOTHER, has_parental_responsibility=True)
    sar = open_request(setup, parent)
    assert not _meeting_items(sar_services.requests.released_items(request=sar, viewer=setup.north.info_lead))


def test_the_meetings_part_of_the_bundle_is_flat_from_10_to_500_meetings(setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.subject_access import meetings_subject_access_items
    from tests.meetings.test_views import _meetings

    meeting = hold(setup, call(setup))
    add_action(setup, meeting)
    child = meeting.child

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            meetings_subject_access_items(person=child)
        return len(captured)

    _meetings(setup, child, 9)
    few = count()
    _meetings(setup, child, 490)
    assert count() == few
    assert len(meetings_subject_access_items(person=child)) == 500 + 2
