"""The professionals meetings of `manage.py seed_scale` (issue 14): in proportion to the children,
about open cases, in the shapes the services write (invitees, actions, the ledger's grants with the
guardian rows behind those in force), and idempotent."""

from meetings import clocks, scale, selectors
from meetings.models import MeetingAction, MeetingInvitee, ProfessionalsMeeting
from portal.demo import DemoWorld
from portal.models import ChildAccessGrant, ChildUserObjectPermission
from portal.scale import MARK as CHILD_MARK
from portal.scale import ScaleWorld
from tests.factories import make_child

MEETING = ChildAccessGrant.Basis.PROFESSIONALS_MEETING


def _world(setup, children: int) -> ScaleWorld:
    north, south = setup.north, setup.south
    users = {
        "north.cinmanager": north.cin_manager,
        "south.cinmanager": south.cin_manager,
        "health.visitor": setup.health_visitor,
    }
    orgs = {"north": north.org, "south": south.org}
    teams = {"north-cin": north.cin, "south-cin": south.cin}
    return ScaleWorld(demo=DemoWorld(orgs=orgs, teams=teams, users=users), children=children)


def test_the_meetings_are_made_in_proportion_in_the_services_shapes_and_only_once(setup):
    for n in range(4):
        make_child(worker=setup.north.social_worker, team=setup.north.cin, other_names=CHILD_MARK, last_name=f"S{n}")
    world = _world(setup, 3000)
    assert scale.seed(world) == {"meetings": 30}
    meetings = ProfessionalsMeeting.objects.filter(reason__startswith=scale.MARK)
    assert meetings.count() == 30
    assert meetings.filter(state="called").count() == 3
    assert ProfessionalsMeeting.history.filter(reason__startswith=scale.MARK).count() == 30
    assert MeetingInvitee.objects.filter(meeting__in=meetings).count() == 90  # worker, chair, health visitor
    assert MeetingAction.objects.filter(meeting__in=meetings).count() == 27 * 2
    grants = ChildAccessGrant.objects.filter(basis=MEETING, source_id__in=meetings.values("pk"))
    assert grants.count() == 30
    # As the services leave them: revoked for meetings over four weeks ago, in force (with the
    # guardian row) for the others; nothing for the sweep to end.
    ends = clocks.latest_meeting_ending_access(world.today)
    for grant in grants:
        assert (grant.revoked_at is not None) == (grant.source.meets_on <= ends)
    in_force = grants.filter(revoked_at__isnull=True)
    assert in_force.exists()
    assert ChildUserObjectPermission.objects.filter(
        user=setup.health_visitor, content_object__in=in_force.values("child")
    ).exists()
    assert not selectors.invitation_grants_ending(today=world.today).exists()
    # Again: nothing missing, nothing made; larger: only the rest.
    assert scale.seed(world) == {"meetings": 0}
    assert scale.seed(_world(setup, 4000)) == {"meetings": 10}
    assert meetings.count() == 40
