"""Every read of a child's information is an AccessEvent (DESIGN §6, issue 11), checked from the URL
configuration: each URL the portal serves is declared here as showing a child's information (with a
page to open and someone who may open it without being the child's allocated worker) or as not
showing it, with why. A new URL that is not declared fails `test_every_url_is_declared`; a declared
child-data URL that writes no event fails `test_each_child_data_url_writes_an_access_event`."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from portal.models import AccessEvent
from tests.access_world import World, build_world, url_names
from tests.helpers import client_for


@dataclass(frozen=True)
class Read:
    """Who opens the page (never the child's allocated worker), the page, and whose record it reads."""

    viewer: Callable[[World], object]
    url: Callable[[World], str]
    child: Callable[[World], object]


def _child(w: World):
    return w.child


def child_page(name: str) -> Read:
    return Read(lambda w: w.setup.north.cin_manager, lambda w: reverse(name, args=[w.child.pk]), _child)


def transfer_page(name: str, *extra) -> Read:
    return Read(
        lambda w: w.setup.south.cin_manager,
        lambda w: reverse(name, args=[w.transfer.pk, *[e(w) for e in extra]]),
        lambda w: w.transfer.child,
    )


def draft_page(name: str) -> Read:
    return Read(
        lambda w: w.setup.north.cin_manager, lambda w: reverse(name, args=[w.draft.pk]), lambda w: w.draft.child
    )


def move_page(name: str, *extra) -> Read:
    from tests.early_intervention.factories import eh_manager

    return Read(
        lambda w: eh_manager(w.setup),
        lambda w: reverse(name, args=[w.move.pk, *[e(w) for e in extra]]),
        lambda w: w.move.child,
    )


def referral_page(name: str) -> Read:
    return Read(
        lambda w: w.setup.north.screener, lambda w: reverse(name, args=[w.referral.pk]), lambda w: w.referral.child
    )


# --- issue 16: exploitation intelligence about the world's child, read by the Child Exploitation team ---
def intelligence_page(name: str) -> Read:
    from tests.intelligence.factories import ce_team, submitted

    def item(w: World):
        if "intelligence_item" not in w.setup.extra:
            w.setup.extra["intelligence_item"] = submitted(w.setup.health_visitor, child=w.child)
        return w.setup.extra["intelligence_item"]

    return Read(lambda w: ce_team(w.setup).worker, lambda w: reverse(name, args=[item(w).pk]), _child)


CHILD_DATA: dict[str, Read] = {
    # The child's own pages.
    "portal:child_detail": child_page("portal:child_detail"),
    "portal:child_edit": child_page("portal:child_edit"),
    "portal:child_access": child_page("portal:child_access"),
    "portal:child_access_log": child_page("portal:child_access_log"),
    "portal:child_timeline": child_page("portal:child_timeline"),
    "portal:child_involved": child_page("portal:child_involved"),
    "portal:child_family": child_page("portal:child_family"),
    "portal:person_add": child_page("portal:person_add"),
    "portal:child_allocate": child_page("portal:child_allocate"),
    "portal:person_edit": Read(
        lambda w: w.setup.north.cin_manager, lambda w: reverse("portal:person_edit", args=[w.person.pk]), _child
    ),
    "portal:escalation_detail": Read(
        lambda w: w.setup.north.caldicott,
        lambda w: reverse("portal:escalation_detail", args=[w.escalation.pk]),
        _child,
    ),
    # Information governance.
    "sharing:child_consent": child_page("sharing:child_consent"),
    "sharing:consent_create": child_page("sharing:consent_create"),
    "sharing:consent_detail": Read(
        lambda w: w.setup.north.cin_manager, lambda w: reverse("sharing:consent_detail", args=[w.consent.pk]), _child
    ),
    "sharing:consent_withdraw": Read(
        lambda w: w.setup.north.cin_manager, lambda w: reverse("sharing:consent_withdraw", args=[w.consent.pk]), _child
    ),
    "sharing:child_log": child_page("sharing:child_log"),
    "sharing:decision_start": child_page("sharing:decision_start"),
    "sharing:decision_detail": Read(
        lambda w: w.setup.north.cin_manager, lambda w: reverse("sharing:decision_detail", args=[w.decision.pk]), _child
    ),
    "sharing:disclosure_detail": Read(
        lambda w: w.setup.health_visitor, lambda w: reverse("sharing:disclosure_detail", args=[w.decision.pk]), _child
    ),
    "sharing:privacy_notice_detail": Read(
        lambda w: w.setup.north.cin_manager,
        lambda w: reverse("sharing:privacy_notice_detail", args=[w.notice.pk]),
        _child,
    ),
    # MAST referrals.
    "referrals:detail": referral_page("referrals:detail"),
    "referrals:child_referrals": child_page("referrals:child_referrals"),
    "referrals:start_for_child": Read(
        lambda w: w.setup.north.cin_manager,
        lambda w: reverse("referrals:start_for_child", args=[w.child.pk]),
        _child,
    ),
    # CIN transfers: the receiving authority reading what was sent, the sending team preparing it.
    "transfers:cin_detail": transfer_page("transfers:cin_detail"),
    "transfers:cin_print": transfer_page("transfers:cin_print"),
    "transfers:cin_documents": Read(
        lambda w: w.setup.north.cin_manager,
        lambda w: reverse("transfers:cin_documents", args=[w.transfer.pk]),
        lambda w: w.transfer.child,
    ),
    "transfers:cin_document": transfer_page("transfers:cin_document", lambda w: w.transfer.documents.first().pk),
    "transfers:cin_accept": transfer_page("transfers:cin_accept"),
    "transfers:cin_decline": transfer_page("transfers:cin_decline"),
    "transfers:cin_move": draft_page("transfers:cin_move"),
    "transfers:cin_family": draft_page("transfers:cin_family"),
    "transfers:cin_summary": draft_page("transfers:cin_summary"),
    "transfers:cin_check": draft_page("transfers:cin_check"),
    "transfers:cin_start": child_page("transfers:cin_start"),
    # Early Intervention moves.
    "early_intervention:detail": move_page("early_intervention:detail"),
    "intelligence:detail": intelligence_page("intelligence:detail"),
    "intelligence:assess": intelligence_page("intelligence:assess"),
    "early_intervention:start": Read(
        lambda w: w.setup.north.cin_manager, lambda w: reverse("early_intervention:start", args=[w.child.pk]), _child
    ),
    # --- meetings (issue 16 part 2): the chair (not the allocated worker) reads the meeting ---
    "meetings:call": child_page("meetings:call"),
    "meetings:detail": Read(
        lambda w: w.setup.north.cin_manager, lambda w: reverse("meetings:detail", args=[w.meeting.pk]), _child
    ),
    "meetings:minutes": Read(
        lambda w: w.setup.north.cin_manager, lambda w: reverse("meetings:minutes", args=[w.meeting.pk]), _child
    ),
    "meetings:change": Read(
        lambda w: w.setup.north.cin_manager, lambda w: reverse("meetings:change", args=[w.meeting.pk]), _child
    ),
    "meetings:cancel": Read(
        lambda w: w.setup.north.cin_manager, lambda w: reverse("meetings:cancel", args=[w.meeting.pk]), _child
    ),
}


# --- subject rights (issue 17): the holder's lead information officer answering a request ---
def _sar_page(name: str, released: bool = False) -> Read:
    def url(w):
        from tests.subject_rights.factories import released_sar_for, sar_for

        return reverse(name, args=[(released_sar_for(w) if released else sar_for(w)).pk])

    return Read(lambda w: w.setup.north.info_lead, url, _child)


CHILD_DATA |= {
    "subject_rights:open_for_child": Read(
        lambda w: w.setup.north.info_lead, lambda w: reverse("subject_rights:open_for_child", args=[w.child.pk]), _child
    ),
    "subject_rights:child_rights": Read(
        lambda w: w.setup.north.info_lead, lambda w: reverse("subject_rights:child_rights", args=[w.child.pk]), _child
    ),
    "subject_rights:detail": _sar_page("subject_rights:detail"),
    "subject_rights:bundle": _sar_page("subject_rights:bundle"),
    "subject_rights:release": _sar_page("subject_rights:release"),
    # A request about the world's parent: the bundle names their child, so the read is logged on the child.
    "subject_rights:download": _sar_page("subject_rights:download", released=True),
}
# --- end subject rights ---

NOT_CHILD_DATA: dict[str, str] = {
    "portal:home": "the user's own work: names link to records, whose pages are logged",
    "subject_rights:list": "requests by name and clock; each request opened is logged",
    "subject_rights:reports": "counts, and late requests by number and date",
    "subject_rights:start": "a search form: the search is a POST, and each child it finds is logged",
    "subject_rights:open_for_person": "a form about a parent, carer or significant other, not a child",
    "portal:child_list": "a list of names the user may open; each record opened is logged",
    "portal:child_create": "a new record (a duplicate match is logged as such)",
    "portal:dashboard": "counts for a manager's teams",
    "portal:emergency_access": "each search and each grant is its own access event (with its reason)",
    "portal:review_queue": "escalation summaries; each escalation opened is logged",
    "portal:notification_list": "the user's inbox",
    "portal:notification_open": "a redirect to the page the notification is about",
    "portal:escalation_list": "a list; each escalation opened is logged",
    "sharing:home": "links",
    "sharing:decision_question": "the maker's own draft, one question a page (logged from the decision)",
    "sharing:decision_outcome": "the maker's own draft's outcome step (logged from the decision)",
    "sharing:decision_amend": "only the decision's maker amends it (logged, as for any reader)",
    # Issue 16.
    "sharing:decision_withhold": "the maker's own draft's 'not shared: more detrimental' step (logged from the decision)",
    "sharing:identifier_report": "counts of records by organisation, workflow and reason: no child's information",
    "sharing:decision_advice": "the reviewer's advice form (logged: see sharing.views.advice)",
    "sharing:decision_advice_withdraw": "a POST only: the maker withdraws their own request for advice",
    "portal:accessibility": "the accessibility statement, about no child",
    "portal:healthz": "a liveness check, about no child",
    "portal:readyz": "a readiness check (database, broker, sweeps), about no child",
    "sharing:organisation_log": "the organisation's log: each child on the page or in the export is logged",
    "sharing:without_consent": "the register: each child on the page or in the export is logged",
    "sharing:agreement_list": "agreements between organisations, about no child",
    "sharing:agreement_create": "agreements between organisations, about no child",
    "sharing:agreement_detail": "agreements between organisations, about no child",
    "sharing:agreement_edit": "agreements between organisations, about no child",
    "sharing:privacy_notice_list": "a list; each notice opened is logged",
    "sharing:disclosure_list": "a list of what was shared with the user; each disclosure opened is logged",
    "referrals:home": "the user's referrals, a list",
    "referrals:start": "a new referral",
    "referrals:resume": "a redirect into the maker's own draft",
    "referrals:step_child": "the maker's own draft: what they typed",
    "referrals:step_child_new": "the maker's own draft: what they typed",
    "referrals:step_child_match": "the maker's own draft: an exact-match search that shows no record",
    "referrals:step_concern": "the maker's own draft: what they typed",
    "referrals:step_family": "the maker's own draft: what they typed",
    "referrals:step_consent": "the maker's own draft: what they typed",
    "referrals:check": "the maker's own draft: what they typed",
    "referrals:sent": "the confirmation of the maker's own referral",
    "referrals:screen_start": "a POST only (screening is logged from the referral's pages)",
    "referrals:screen_check": "screening forms: logged (referrals.views.screening._screenable)",
    "referrals:screen_outcome": "screening forms: logged (referrals.views.screening._screenable)",
    "referrals:queue": "a list; each referral opened is logged",
    "referrals:alert_list": "a list; each alert opened is logged",
    "referrals:alert_new": "a new alert",
    "referrals:alert_detail": "an alert is about a child not yet on a record; once linked its reads are logged",
    "referrals:alert_link_child": "MAST searching its own records for the child an alert is about",
    "transfers:home": "a list; each transfer opened is logged",
    "transfers:cin_acknowledge": "a POST only (logged)",
    "transfers:cin_document_remove": "the sending team's draft (logged through _draft)",
    "transfers:cin_resolve": "dispute resolution (logged); needs a disputed transfer",
    "transfers:cin_withdraw": "withdrawal by the sender (logged)",
    "transfers:cin_family_update": "a form (logged)",
    "transfers:request_create": "a new request",
    "transfers:request_detail": "what the requesting team knows of a child it cannot see (logged once linked)",
    "transfers:request_refer": "answering a request (logged)",
    "transfers:request_decline": "answering a request (logged)",
    "early_intervention:list": "a list; each move opened is logged",
    # --- issue 16: exploitation intelligence ---
    "intelligence:mine": "the submitter's own items, a list naming no child",
    "intelligence:new": "a new item",
    "intelligence:queue": "a list naming no child; each item opened is logged",
    "intelligence:trends": "counts and places, naming no child",
    "intelligence:draft": "the submitter's own draft: what they typed (logged on the item)",
    "intelligence:edit": "the submitter's own draft: what they typed",
    "intelligence:subject_add": "the submitter's own draft: what they typed",
    "intelligence:subject_remove": "a POST only, on the submitter's own draft",
    "intelligence:child_unlink": "a POST only, on the submitter's own draft",
    "intelligence:child_find": "an exact-match search that shows no record",
    "intelligence:link_place": "a form on an item (logged from the item: intelligence.views.team._team_item)",
    "intelligence:link_vehicle": "a form on an item (logged from the item)",
    "intelligence:link_person": "a form on an item (logged from the item)",
    "intelligence:close": "a form on an item (logged from the item)",
    "early_intervention:agency_contact": "a form on a move (logged from the move)",
    "early_intervention:meeting": "a form on a move (logged from the move)",
    "early_intervention:plan_updated": "a form on a move (logged from the move)",
    "early_intervention:item_add": "a form on a move (logged from the move)",
    "early_intervention:item_done": "a form on a move (logged from the move)",
    "early_intervention:records": "a form on a move (logged from the move)",
    "early_intervention:withdraw": "a form on a move (logged from the move)",
    # --- meetings (issue 16 part 2) ---
    "meetings:list": "a list; each meeting opened is logged",
    "meetings:action_add": "a form on a meeting (logged from the meeting: meetings.views._run)",
    "meetings:action_done": "a form on a meeting (logged from the meeting: meetings.views._meeting)",
    "meetings:share": "a form on a meeting (logged from the meeting: meetings.views._run)",
    "retention:review": "record types, numbers and dates: no child's details",
    "retention:hold_place": "a hold on a record or its child, named by record type and number only",
    "retention:holds": "holds named by record type and number only",
    "retention:hold_lift": "a hold named by record type and number only",
    "retention:reports": "counts by record type and month",
    "retention:certificate": "a disposal certificate names no one",
    "login": "signing in",
    "logout": "signing out",
    "accounts:verify": "signing in",
    "accounts:account": "the user's own account",
    "accounts:enrol": "the user's own account",
    "accounts:backup_codes": "the user's own account",
    "accounts:password_change": "the user's own account",
    "accounts:password_reset": "the user's own account",
    "accounts:password_reset_sent": "the user's own account",
    "accounts:password_reset_done": "the user's own account",
    "accounts:password_reset_confirm": "the user's own account",
    "accounts:session_status": "the session clock",
    "accounts:keep_alive": "the session clock",
    "accounts:session_ended": "the session clock",
}


def test_every_url_is_declared():
    names = url_names()
    undeclared = names - CHILD_DATA.keys() - NOT_CHILD_DATA.keys()
    assert not undeclared, f"Declare whether these show a child's information: {sorted(undeclared)}"
    assert not (CHILD_DATA.keys() & NOT_CHILD_DATA.keys())
    assert not (CHILD_DATA.keys() | NOT_CHILD_DATA.keys()) - names, "declared URLs that no longer exist"


@pytest.fixture
def world(setup) -> World:
    return build_world(setup)


def test_each_child_data_url_writes_an_access_event(world):
    missing = []
    for name, read in sorted(CHILD_DATA.items()):
        viewer, child = read.viewer(world), read.child(world)
        if child is None:
            missing.append(f"{name}: the world has no child for it")
            continue
        assert child.allocated_worker_id != viewer.pk, name  # the allocated worker is not logged, by design
        before = AccessEvent.objects.filter(user=viewer, child=child).count()
        response = client_for(viewer).get(read.url(world))
        if response.status_code not in (200, 302):
            missing.append(f"{name}: {response.status_code}")
        elif AccessEvent.objects.filter(user=viewer, child=child).count() == before:
            missing.append(f"{name}: no access event")
    assert not missing, missing


def test_the_access_log_shows_every_read_with_what_and_why(world):
    manager = world.setup.north.cin_manager
    client = client_for(manager)
    for name in ("portal:child_detail", "portal:child_timeline", "sharing:child_log"):
        client.get(reverse(name, args=[world.child.pk]))
    client.get(reverse("sharing:child_log", args=[world.child.pk]) + "?format=csv")
    events = AccessEvent.objects.filter(user=manager, child=world.child)
    assert {e.what for e in events} >= {"Child's record", "Timeline", "Sharing log", "Sharing log (CSV export)"}
    assert {e.access_basis for e in events} == {"Allocated team"}
    log = client_for(world.setup.north.social_worker).get(reverse("portal:child_access_log", args=[world.child.pk]))
    assert b"Timeline" in log.content and b"Sharing log (CSV export)" in log.content
    # The allocated worker's own reads are not logged.
    assert not AccessEvent.objects.filter(user=world.setup.north.social_worker, child=world.child).exists()


def test_the_sending_team_reading_its_transfer_package_is_logged_on_that_basis(world):
    from tests.transfers.factories import accept

    transfer = accept(world.setup, world.transfer)
    sender = world.setup.north.cin_manager
    client_for(sender).get(reverse("transfers:cin_print", args=[transfer.pk]))
    event = AccessEvent.objects.filter(user=sender, child=transfer.child).latest("pk")
    assert event.what == "Transfer (print)" and event.access_basis == f"Through transfer {transfer.reference}"
