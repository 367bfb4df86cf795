"""A small world with one of every record about a child, for the tests that walk the URL
configuration (the access-event test and the permission matrix)."""

from dataclasses import dataclass
from datetime import timedelta

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from portal.models import Escalation
from sharing.models import PrivacyNotice
from tests.factories import PersonFactory, make_child, relate


def url_names() -> set[str]:
    """Every named URL the portal serves, with its namespace (the Django admin aside)."""

    def walk(patterns, namespace: str | None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns, None))


@dataclass
class World:
    setup: object
    child: object
    person: object
    consent: object
    decision: object
    notice: object
    referral: object
    transfer: object
    draft: object
    move: object
    escalation: object
    # --- meetings (issue 16 part 2) ---
    meeting: object = None


def build_world(setup) -> World:
    from portal import services as core
    from tests.early_intervention.factories import record
    from tests.referrals.factories import sent
    from tests.sharing.factories import add_significant_other, give_consent, record_decision
    from tests.transfers.factories import draft_transfer, referred_transfer

    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin, first_name="Ada", last_name="North")
    person = PersonFactory()
    relate(child, person)
    consent = give_consent(actor=north.social_worker, child=child, recipients=[setup.health])
    decision = record_decision(setup, child, recipient=setup.health_visitor)  # shared with her
    add_significant_other(setup, child, obtained_on=timezone.localdate() - timedelta(days=2))
    notice = PrivacyNotice.objects.filter(child=child).first()
    referral = sent(setup)
    transfer = referred_transfer(setup)
    draft = draft_transfer(setup)
    move = record(setup)
    escalation, _ = core.escalation_raise(
        subject=child,
        kind=Escalation.Kind.SHARING_ADVICE_REQUESTED,
        level=Escalation.Level.SENIOR,
        organisation=north.org,
        summary="Advice",
        assignees=[north.caldicott],
        child=child,
    )
    world = World(setup, child, person, consent, decision, notice, referral, transfer, draft, move, escalation)
    # --- meetings (issue 16 part 2): called by the social worker, chaired by the CIN manager (who
    # already sees the child, so the meeting opens no one else's access) ---
    from tests.meetings.factories import call

    world.meeting = call(setup, child, chair=north.cin_manager, invitees=[north.cin_manager])
    return world
