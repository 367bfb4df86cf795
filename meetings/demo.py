"""The demo professionals meeting for `manage.py seed_demo`: north's social worker called a meeting
about their first demo child two weeks ago, chaired by the CIN team manager, with the agencies
involved; it was held, its minutes (fact apart from opinion) recorded and shared with those who
came, and it agreed two actions: one done, one overdue and escalated to the chair's manager. A
follow-up meeting is called for the coming weeks, its date moved once (a change those invited were
told of); its caller and chair can still change or cancel it.

Made through the services, so access, notifications, sharing decisions and history are exactly what
the portal makes; only the dates are moved back afterwards (the services refuse past dates).
Idempotent: a child that already has a meeting is left alone."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from meetings import selectors, services
from meetings.models import MeetingAction, ProfessionalsMeeting
from portal.demo import DemoWorld
from sharing import rules as sharing_rules
from sharing import selectors as sharing_selectors
from sharing.models import InformationCategory


def _share(actor, meeting) -> None:
    services.minutes_share(
        actor=actor,
        meeting=meeting,
        details=services.MinutesShare(
            categories=[InformationCategory.FAMILY, InformationCategory.EDUCATION, InformationCategory.SOCIAL_CARE],
            article_6_basis=sharing_selectors.lawful_basis_required(code=sharing_rules.ARTICLE_6_PUBLIC_TASK),
            individual_told=True,
            reasons="Each agency needs the minutes to carry out what the meeting decided.",
            legal_gateway=sharing_selectors.legal_gateway(name=sharing_rules.CHILDREN_ACT_2004_S10),
        ),
    )


def seed(world: DemoWorld) -> str:
    worker, manager = world.users["north.socialworker"], world.users["north.cinmanager"]
    children = world.children_of("north.socialworker")
    if ProfessionalsMeeting.objects.filter(child__in=children).exists():
        return "Professionals meetings: 0 demo meeting(s) made"
    # Their first child they still work with (another demo may have moved one on).
    child = next((c for c in children if selectors.may_call_meeting(worker, c)), None)
    if child is None:
        return "Professionals meetings: no demo child to meet about"
    today = timezone.localdate()
    candidates, preselected = selectors.invitee_candidates(user=worker, child=child)
    invited = [user for user in candidates if user.pk in preselected and user.pk != worker.pk]
    if manager not in invited:
        invited.append(manager)
    others = [user for user in invited if user.organisation_id != worker.organisation_id] or [manager]
    with transaction.atomic():
        meeting = services.meeting_call(
            actor=worker,
            child=child,
            details=services.MeetingCall(
                reason="The family has stopped engaging with the Child in Need plan and the agencies disagree "
                "about what to do next.",
                meets_on=today,
                chair=manager,
                invitees=invited,
            ),
        )
        meeting = services.meeting_minutes_record(
            actor=worker,
            meeting=meeting,
            details=services.MinutesDetails(
                attended={worker.pk, manager.pk, *(user.pk for user in others)},
                facts="School attendance has fallen to 62% this term. Two health appointments were missed. "
                "The family declined the last two home visits.",
                opinion="The agencies think the family feels judged and that a single joint visit may help.",
                decisions="A joint home visit by the social worker and one other agency; a new health "
                "appointment offered; review at the next Child in Need meeting.",
            ),
        )
        _share(worker, meeting)
        done = services.action_add(
            actor=worker,
            meeting=meeting,
            details=services.ActionDetails(description="Arrange the joint home visit", owner=worker, due_on=today),
        )
        services.action_done(actor=worker, action=done)
        overdue = services.action_add(
            actor=worker,
            meeting=meeting,
            details=services.ActionDetails(
                description="Offer the family a new appointment and tell the social worker the outcome",
                owner=others[0],
                due_on=today,
            ),
        )
        # The meeting was two weeks ago; the open action was due ten days ago (the services refuse
        # past dates, so the demo moves them back afterwards).
        ProfessionalsMeeting.objects.filter(pk=meeting.pk).update(meets_on=today - timedelta(days=14))
        MeetingAction.objects.filter(pk=overdue.pk).update(due_on=today - timedelta(days=10))
        MeetingAction.objects.filter(pk=done.pk).update(due_on=today - timedelta(days=12))
        follow_up = services.meeting_call(
            actor=worker,
            child=child,
            details=services.MeetingCall(
                reason="Follow-up: has the joint home visit helped the family engage with the plan?",
                meets_on=today + timedelta(days=14),
                chair=manager,
                invitees=invited,
            ),
        )
        services.meeting_change(
            actor=manager,
            meeting=follow_up,
            details=services.MeetingChange(
                reason=follow_up.reason, meets_on=today + timedelta(days=21), chair=manager, invitees=invited
            ),
        )
    sweep = services.action_escalate_overdue(today=today)
    return f"Professionals meetings: 2 demo meeting(s) made; {sweep}"
