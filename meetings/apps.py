from django.apps import AppConfig


def _may_call(user, child, permissions: set[str]) -> bool:
    # Anyone involved with the child who may see the child calls a professionals meeting.
    return "view_child" in permissions and user.has_perm("meetings.add_professionalsmeeting")


def _sees_meetings(user) -> bool:
    return user.has_perm("meetings.view_professionalsmeeting")


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Professionals meetings"

    def ready(self) -> None:
        from meetings import selectors
        from meetings.picture import MeetingsPlugin
        from portal import extensions, sweeps
        from portal.models import Escalation

        sweeps.register("escalate_overdue_meeting_actions", "meetings.services.action_escalate_overdue")
        sweeps.register("end_meeting_invitation_access", "meetings.services.invitation_access_end_due")
        extensions.register_escalation_kind(
            Escalation.Kind.MEETING_ACTION_OVERDUE,
            model="meetings.meetingaction",
            finished=selectors.escalations_finished_action,
        )
        extensions.register_nav("Meetings", "meetings:list", order=47, visible=_sees_meetings)
        extensions.register_child_link("Call a professionals meeting", "meetings:call", order=43, visible=_may_call)
        # After the core's children and sharing's demo decisions: the meeting about north's first child.
        extensions.register_demo_seeder("meetings.demo.seed", order=40)
        extensions.register_scale_seeder("meetings.scale.seed", order=45)
        extensions.register(MeetingsPlugin())
