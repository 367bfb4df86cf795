"""The professionals meetings of `manage.py seed_scale` (issue 14): one meeting for every hundred
children, about open (allocated) cases, called by the allocated worker, chaired by their authority's
CIN manager, with the health visitor invited. As the services leave them: one in ten still called
(dates from a week ago to three weeks ahead), the rest held with minutes (fact apart from opinion),
decisions and two actions each (one done, one open: about one in five open actions overdue); the
health visitor's access from the invitation in force for meetings of the last four weeks and revoked,
with its reason, for older ones (`meetings.clocks`). Written in bulk, idempotent (only what is missing)."""

from datetime import datetime, time, timedelta

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from meetings import clocks
from meetings.models import MeetingAction, MeetingInvitee, ProfessionalsMeeting
from portal.models import Child, ChildAccessGrant, ChildUserObjectPermission
from portal.scale import ScaleWorld, missing

SHARE = 0.01
MARK = "Scale data: "
CALLED_EVERY = 10
REVOKED = "The professionals meeting is over: access from the invitation ended"


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def seed(world: ScaleWorld) -> dict[str, int]:
    demo, today = world.demo, world.today
    todo = missing(ProfessionalsMeeting.objects.filter(reason__startswith=MARK).count(), world.share(SHARE))
    child_ids = world.open_child_ids()
    if not child_ids:
        return {"meetings": 0}
    health = demo.users["health.visitor"]
    view = Permission.objects.get(content_type__app_label="portal", codename="view_child")
    source_type = ContentType.objects.get_for_model(ProfessionalsMeeting)
    ends = clocks.latest_meeting_ending_access(today)

    def make(start: int, stop: int) -> None:
        indices = todo[start:stop]
        children = Child.objects.in_bulk([child_ids[(i * 7 + 3) % len(child_ids)] for i in indices])
        meetings = []
        for i in indices:
            child = children[child_ids[(i * 7 + 3) % len(child_ids)]]
            called = i % CALLED_EVERY == 0
            meets_on = today + timedelta(days=i % 28 - 7) if called else today - timedelta(days=1 + i % 700)
            side = "north" if child.local_authority_id == demo.orgs["north"].pk else "south"
            chair = demo.users[f"{side}.cinmanager"]
            meetings.append(
                ProfessionalsMeeting(
                    child=child,
                    reason=f"{MARK}the family is not engaging with the plan ({i})",
                    meets_on=meets_on,
                    chair=chair,
                    chair_team=demo.teams[f"{side}-cin"],
                    called_by=child.allocated_worker or chair,
                    called_at=_at(meets_on - timedelta(days=10)),
                    state=ProfessionalsMeeting.State.CALLED if called else ProfessionalsMeeting.State.HELD,
                    minutes_facts="" if called else "School attendance is 60%. Two missed health appointments.",
                    minutes_opinion="" if called else "The health visitor thinks the family feels judged.",
                    decisions="" if called else "A joint home visit; a new health appointment offered.",
                    minutes_recorded_by=None if called else child.allocated_worker or chair,
                    minutes_recorded_at=None if called else _at(meets_on),
                )
            )
        made = bulk_create_with_history(
            meetings, ProfessionalsMeeting, default_change_reason="Professionals meeting called (scale data)"
        )
        invitees, actions, grants = [], [], []
        for meeting in made:
            held = meeting.state == ProfessionalsMeeting.State.HELD
            for user in {u.pk: u for u in (meeting.called_by, meeting.chair, health)}.values():
                invitees.append(
                    MeetingInvitee(
                        meeting=meeting,
                        user=user,
                        organisation_id=user.organisation_id,
                        invited_at=meeting.called_at,
                        attended=True if held else None,
                    )
                )
            over = meeting.meets_on <= ends
            grants.append(
                ChildAccessGrant(
                    child=meeting.child,
                    user=health,
                    basis=ChildAccessGrant.Basis.PROFESSIONALS_MEETING,
                    level=ChildAccessGrant.Level.VIEW,
                    source_type=source_type,
                    source_id=meeting.pk,
                    granted_at=meeting.called_at,
                    granted_by=meeting.called_by,
                    revoked_at=_at(clocks.access_ends_on(meeting.meets_on)) if over else None,
                    revoke_reason=REVOKED if over else "",
                )
            )
            if held:
                for n, owner in enumerate((health, meeting.called_by)):
                    due = meeting.meets_on + timedelta(days=14 + n * 7)
                    done = n == 0 or due < today - timedelta(days=30)
                    actions.append(
                        MeetingAction(
                            meeting=meeting,
                            description="Offer a new health appointment" if n == 0 else "Joint home visit",
                            owner=owner,
                            due_on=due,
                            added_by=meeting.called_by,
                            added_at=meeting.minutes_recorded_at,
                            done_by=owner if done else None,
                            done_at=_at(min(due, today)) if done else None,
                        )
                    )
        bulk_create_with_history(invitees, MeetingInvitee, default_change_reason="Invited (scale data)")
        bulk_create_with_history(actions, MeetingAction, default_change_reason="Action agreed (scale data)")
        bulk_create_with_history(grants, ChildAccessGrant, default_change_reason="Access granted (scale data)")
        ChildUserObjectPermission.objects.bulk_create(
            [
                ChildUserObjectPermission(user=health, permission=view, content_object=grant.child)
                for grant in grants
                if grant.revoked_at is None
            ],
            ignore_conflicts=True,
        )

    world.in_batches("professionals meetings", len(todo), make)
    return {"meetings": len(todo)}
