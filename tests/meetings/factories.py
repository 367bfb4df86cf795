"""Ready-made professionals meetings for tests, made through the services as the portal makes them.

The child is north's, allocated to the social worker in Children in Need; the health visitor's team
is involved (through consent to share), so the health visitor is among the agencies involved."""

from datetime import date, timedelta

from django.utils import timezone

from meetings import services
from meetings.models import MeetingAction, ProfessionalsMeeting
from sharing import rules as sharing_rules
from sharing import selectors as sharing_selectors
from sharing.models import InformationCategory
from tests.factories import make_child
from tests.sharing.factories import give_consent, share_with_consent


def involved_child(setup, **details):
    """North's child, with the health visitor involved: the family consented and the social worker
    shared with them (so the health visitor is on the child's "who is involved" list)."""
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin, **details)
    consent = give_consent(actor=north.social_worker, child=child, recipients=[setup.health])
    share_with_consent(setup, child, consent)
    return child


def call(setup, child=None, *, meets_on: date | None = None, chair=None, invitees=None) -> ProfessionalsMeeting:
    north = setup.north
    child = child or involved_child(setup)
    return services.meeting_call(
        actor=north.social_worker,
        child=child,
        details=services.MeetingCall(
            reason="The family is not engaging with the plan and the agencies are stuck.",
            meets_on=meets_on or timezone.localdate(),
            chair=chair or north.cin_manager,
            invitees=invitees if invitees is not None else [north.cin_manager, setup.health_visitor],
        ),
    )


def hold(setup, meeting: ProfessionalsMeeting, *, attended=None) -> ProfessionalsMeeting:
    attended = attended if attended is not None else [setup.north.social_worker, setup.health_visitor]
    return services.meeting_minutes_record(
        actor=setup.north.social_worker,
        meeting=meeting,
        details=services.MinutesDetails(
            attended={user.pk for user in attended},
            facts="School attendance is 60%. Two missed health appointments.",
            opinion="The health visitor thinks the family feels judged.",
            decisions="A joint home visit; the health visitor offers a new appointment.",
        ),
    )


def add_action(setup, meeting, *, owner=None, due_on: date | None = None) -> MeetingAction:
    return services.action_add(
        actor=setup.north.social_worker,
        meeting=meeting,
        details=services.ActionDetails(
            description="Offer a new health appointment",
            owner=owner or setup.health_visitor,
            due_on=due_on or timezone.localdate() + timedelta(days=3),
        ),
    )


def share_details(**overrides) -> services.MinutesShare:
    values = {
        "categories": [InformationCategory.FAMILY, InformationCategory.SOCIAL_CARE],
        "article_6_basis": sharing_selectors.lawful_basis_required(code=sharing_rules.ARTICLE_6_PUBLIC_TASK),
        "individual_told": True,
        "reasons": "Each agency needs the minutes to carry out the decisions.",
        "legal_gateway": sharing_selectors.legal_gateway(name=sharing_rules.CHILDREN_ACT_2004_S10),
    }
    values.update(overrides)
    return services.MinutesShare(**values)
