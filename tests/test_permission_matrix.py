"""The permission matrix (issue 11), generated from the URL configuration: every URL pattern that
takes an object × every demo role, on the object as its own team has it (north's), as another
authority's team sees it (south's people) and as someone unrelated sees it (a third authority,
west) → the declared 200 / 403 / 404 (or a redirect, 302, where the page sends a user on).

Every object URL must be declared in OBJECTS (how to reach it in the world) and EXPECTED (who gets
what); a new object URL without a declaration fails `test_every_object_url_is_declared`. Anyone not
listed for a URL expects 404: an object a user may not see is not there for them.

To see the table the portal answers today (to review a change): PORTAL_PRINT_MATRIX=1 pytest this file -s.
"""

import os
from collections.abc import Callable

from django.urls import get_resolver, reverse

from tests.access_world import World, build_world
from tests.factories import build_authority
from tests.helpers import client_for
from tests.retention import factories as retention_world


def _first(queryset):
    return queryset.order_by("pk").first().pk


def _sar(world):
    from tests.subject_rights.factories import sar_for

    return sar_for(world)


def _released_sar(world):
    from tests.subject_rights.factories import released_sar_for

    return released_sar_for(world)


# How to reach each object URL in the world: its arguments.
OBJECTS: dict[str, Callable[[World], list] | None] = {
    "portal:child_detail": lambda w: [w.child.pk],
    "portal:child_edit": lambda w: [w.child.pk],
    "portal:child_access": lambda w: [w.child.pk],
    "portal:child_access_log": lambda w: [w.child.pk],
    "portal:child_timeline": lambda w: [w.child.pk],
    "portal:child_involved": lambda w: [w.child.pk],
    "portal:child_family": lambda w: [w.child.pk],
    "portal:child_allocate": lambda w: [w.child.pk],
    "portal:person_add": lambda w: [w.child.pk],
    "portal:person_edit": lambda w: [w.person.pk],
    "portal:escalation_detail": lambda w: [w.escalation.pk],
    "portal:notification_open": None,  # POST only: a user's own inbox item (tests/portal/test_views.py)
    "sharing:child_consent": lambda w: [w.child.pk],
    "sharing:consent_create": lambda w: [w.child.pk],
    "sharing:consent_detail": lambda w: [w.consent.pk],
    "sharing:consent_withdraw": lambda w: [w.consent.pk],
    "sharing:child_log": lambda w: [w.child.pk],
    "sharing:decision_start": lambda w: [w.child.pk],
    "sharing:decision_detail": lambda w: [w.decision.pk],
    "sharing:decision_question": lambda w: [w.decision.pk, "purpose"],
    "sharing:decision_outcome": lambda w: [w.decision.pk],
    "sharing:decision_advice": lambda w: [w.decision.pk],
    # POST only, by the decision's maker (tests/sharing/test_advice_reaches_someone.py).
    "sharing:decision_advice_withdraw": None,
    "sharing:decision_amend": lambda w: [w.decision.pk],
    "sharing:disclosure_detail": lambda w: [w.decision.pk],
    # Issue 16: not sharing as more detrimental (s16LA): the maker's own open decision, like its outcome.
    "sharing:decision_withhold": lambda w: [w.decision.pk],
    "sharing:agreement_detail": None,  # agreements are between organisations (tests/sharing/test_views_agreements.py)
    "sharing:agreement_edit": None,  # as above
    "sharing:privacy_notice_detail": lambda w: [w.notice.pk],
    "referrals:start_for_child": lambda w: [w.child.pk],
    "referrals:child_referrals": lambda w: [w.child.pk],
    "referrals:resume": lambda w: [w.referral.pk],
    "referrals:step_child": lambda w: [w.referral.pk],
    "referrals:step_child_new": lambda w: [w.referral.pk],
    "referrals:step_child_match": lambda w: [w.referral.pk],
    "referrals:step_concern": lambda w: [w.referral.pk],
    "referrals:step_family": lambda w: [w.referral.pk],
    "referrals:step_consent": lambda w: [w.referral.pk],
    "referrals:check": lambda w: [w.referral.pk],
    "referrals:sent": lambda w: [w.referral.pk],
    "referrals:detail": lambda w: [w.referral.pk],
    "referrals:screen_start": lambda w: [w.referral.pk],
    "referrals:screen_check": lambda w: [w.referral.pk],
    "referrals:screen_outcome": lambda w: [w.referral.pk],
    "referrals:alert_detail": None,  # alerts: tests/referrals/test_alerts*.py role matrices
    "referrals:alert_link_child": None,  # as above
    "transfers:cin_start": lambda w: [w.child.pk],
    "transfers:cin_detail": lambda w: [w.transfer.pk],
    "transfers:cin_move": lambda w: [w.draft.pk],
    "transfers:cin_family": lambda w: [w.draft.pk],
    "transfers:cin_summary": lambda w: [w.draft.pk],
    "transfers:cin_documents": lambda w: [w.transfer.pk],
    "transfers:cin_document": lambda w: [w.transfer.pk, _first(w.transfer.documents)],
    "transfers:cin_document_remove": lambda w: [w.draft.pk, _first(w.draft.documents)],
    "transfers:cin_check": lambda w: [w.draft.pk],
    "transfers:cin_acknowledge": lambda w: [w.transfer.pk],
    "transfers:cin_accept": lambda w: [w.transfer.pk],
    "transfers:cin_decline": lambda w: [w.transfer.pk],
    "transfers:cin_resolve": lambda w: [w.transfer.pk],
    "transfers:cin_withdraw": lambda w: [w.transfer.pk],
    "transfers:cin_family_update": lambda w: [w.transfer.pk],
    "transfers:cin_print": lambda w: [w.transfer.pk],
    "transfers:request_detail": None,  # transfer requests: tests/transfers/test_views.py role matrices
    "transfers:request_refer": None,  # as above
    "transfers:request_decline": None,  # as above
    "early_intervention:start": lambda w: [w.child.pk],
    "early_intervention:detail": lambda w: [w.move.pk],
    "early_intervention:agency_contact": lambda w: [w.move.pk, _first(w.move.agencies)],
    "early_intervention:meeting": lambda w: [w.move.pk],
    "early_intervention:plan_updated": lambda w: [w.move.pk],
    "early_intervention:item_add": lambda w: [w.move.pk],
    "early_intervention:item_done": None,  # needs an agreed plan: tests/early_intervention/test_views*.py
    "early_intervention:records": None,  # needs the agencies' checklist: as above
    "early_intervention:withdraw": lambda w: [w.move.pk],
    # --- issue 16: intelligence is its submitter's and the Child Exploitation team's only; the world has
    # neither, so its 200/403/404 by role are in tests/intelligence/test_views.py.
    "intelligence:detail": None,
    "intelligence:draft": None,
    "intelligence:edit": None,
    "intelligence:subject_add": None,
    "intelligence:subject_remove": None,
    "intelligence:child_find": None,
    "intelligence:child_unlink": None,
    "intelligence:assess": None,
    "intelligence:link_place": None,
    "intelligence:link_vehicle": None,
    "intelligence:link_person": None,
    "intelligence:close": None,
    "accounts:password_reset_confirm": None,  # a signed token, not an object
    # --- meetings (issue 16 part 2) ---
    "meetings:call": lambda w: [w.child.pk],
    "meetings:detail": lambda w: [w.meeting.pk],
    "meetings:minutes": lambda w: [w.meeting.pk],
    "meetings:change": lambda w: [w.meeting.pk],
    "meetings:cancel": lambda w: [w.meeting.pk],
    "meetings:action_add": lambda w: [w.meeting.pk],
    "meetings:share": lambda w: [w.meeting.pk],
    "meetings:action_done": None,  # needs a held meeting's action: tests/meetings/test_permissions.py
    # --- subject rights (issue 17) ---
    "subject_rights:open_for_child": lambda w: [w.child.pk],
    "subject_rights:open_for_person": lambda w: [w.person.pk],
    "subject_rights:detail": lambda w: [_sar(w).pk],
    "subject_rights:bundle": lambda w: [_sar(w).pk],
    "subject_rights:release": lambda w: [_sar(w).pk],
    "subject_rights:download": lambda w: [_released_sar(w).pk],
    "subject_rights:child_rights": lambda w: [w.child.pk],
    # --- end subject rights ---
    # Retention (issue 17): north's review item, legal hold and disposal certificate.
    "retention:hold_place": lambda w: [retention_world.world_item(w).pk],
    "retention:hold_lift": lambda w: [retention_world.world_hold(w).pk],
    "retention:certificate": lambda w: [retention_world.world_certificate(w).pk],
}

ROLES = ["social_worker", "early_help_worker", "screener", "mast_manager", "cin_manager", "caldicott", "info_lead"]


def people(world: World, west) -> dict[str, object]:
    """Every demo role: north's (whose objects these are), south's (another authority's teams, and
    the receiving side of north's transfer), the health visitor, and west (unrelated)."""
    s = world.setup
    found = {f"north.{r}": getattr(s.north, r) for r in ROLES}
    found |= {f"south.{r}": getattr(s.south, r) for r in ROLES}
    found |= {f"west.{r}": getattr(west, r) for r in ROLES}
    found["health_visitor"] = s.health_visitor
    return found


# Who gets what on north's object; everyone else (all of west, and anyone not listed) gets 404 ("*"
# sets another answer for everyone: 405 for a URL that only takes a POST). 403 before 404 only where
# the role alone refuses, before any object is looked up (it says nothing about the object).
EXPECTED: dict[str, dict[str, int]] = {
    # --- meetings (issue 16 part 2): the caller (social worker) and the chair (CIN manager) run it;
    # the minutes, actions and sharing pages send them to the meeting until it is held ---
    "meetings:call": {"north.social_worker": 200, "north.cin_manager": 200},
    "meetings:detail": {"north.social_worker": 200, "north.cin_manager": 200},
    "meetings:minutes": {"north.social_worker": 200, "north.cin_manager": 200},
    "meetings:change": {"north.social_worker": 200, "north.cin_manager": 200},
    "meetings:cancel": {"north.social_worker": 200, "north.cin_manager": 200},
    "meetings:action_add": {"north.social_worker": 302, "north.cin_manager": 302},
    "meetings:share": {"north.social_worker": 302, "north.cin_manager": 302},
    "early_intervention:agency_contact": {
        "north.social_worker": 403,
        "north.early_help_worker": 200,
        "north.cin_manager": 403,
        "health_visitor": 403,
    },
    "early_intervention:detail": {
        "north.social_worker": 200,
        "north.early_help_worker": 200,
        "north.cin_manager": 200,
        "health_visitor": 200,
    },
    "early_intervention:item_add": {
        "north.social_worker": 403,
        "north.early_help_worker": 302,
        "north.cin_manager": 403,
        "health_visitor": 403,
    },
    "early_intervention:meeting": {
        "north.social_worker": 403,
        "north.early_help_worker": 200,
        "north.cin_manager": 403,
        "health_visitor": 403,
    },
    "early_intervention:plan_updated": {
        "north.social_worker": 403,
        "north.early_help_worker": 302,
        "north.cin_manager": 403,
        "health_visitor": 403,
    },
    "early_intervention:start": {"north.social_worker": 200, "north.cin_manager": 200},
    "early_intervention:withdraw": {
        "north.social_worker": 403,
        "north.early_help_worker": 200,
        "north.cin_manager": 403,
        "health_visitor": 403,
    },
    "portal:child_access": {"north.social_worker": 200, "north.cin_manager": 200},
    "portal:child_access_log": {
        "north.social_worker": 200,
        "north.cin_manager": 200,
        "north.caldicott": 200,
        "north.info_lead": 200,
    },
    "portal:child_allocate": {"north.social_worker": 403, "north.cin_manager": 200},
    "portal:child_detail": {"north.social_worker": 200, "north.cin_manager": 200},
    "portal:child_edit": {"north.social_worker": 200, "north.cin_manager": 200},
    "portal:child_family": {"north.social_worker": 200, "north.cin_manager": 200},
    "portal:child_involved": {"north.social_worker": 200, "north.cin_manager": 200},
    "portal:child_timeline": {"north.social_worker": 200, "north.cin_manager": 200},
    "portal:escalation_detail": {"north.social_worker": 200, "north.caldicott": 200, "north.info_lead": 200},
    "portal:person_add": {"north.social_worker": 200, "north.cin_manager": 200},
    "portal:person_edit": {"north.social_worker": 200, "north.cin_manager": 200},
    "referrals:check": {"health_visitor": 302},
    "referrals:child_referrals": {"north.social_worker": 200, "north.cin_manager": 200},
    "referrals:detail": {"north.screener": 200, "north.mast_manager": 200, "health_visitor": 200},
    "referrals:resume": {"health_visitor": 302},
    "referrals:screen_check": {"north.screener": 302, "north.mast_manager": 302, "health_visitor": 403},
    "referrals:screen_outcome": {"north.screener": 302, "north.mast_manager": 302, "health_visitor": 403},
    "referrals:screen_start": {"*": 405},  # POST only
    "referrals:sent": {"health_visitor": 200},
    "referrals:start_for_child": {
        "north.social_worker": 200,
        "north.cin_manager": 200,
        "north.caldicott": 403,
        "north.info_lead": 403,
        "south.caldicott": 403,
        "south.info_lead": 403,
        "west.caldicott": 403,
        "west.info_lead": 403,
    },
    "referrals:step_child": {"health_visitor": 302},
    "referrals:step_child_match": {"*": 405},  # POST only
    "referrals:step_child_new": {"health_visitor": 302},
    "referrals:step_concern": {"health_visitor": 302},
    "referrals:step_consent": {"health_visitor": 302},
    "referrals:step_family": {"health_visitor": 302},
    "sharing:child_consent": {"north.social_worker": 200, "north.cin_manager": 200},
    "sharing:child_log": {"north.social_worker": 200, "north.cin_manager": 200},
    "sharing:consent_create": {"north.social_worker": 200, "north.cin_manager": 200},
    "sharing:consent_detail": {"north.social_worker": 200, "north.cin_manager": 200},
    "sharing:consent_withdraw": {"north.social_worker": 200, "north.cin_manager": 200},
    "sharing:decision_advice": {
        "north.social_worker": 403,
        "north.cin_manager": 403,
        "north.caldicott": 302,
        "north.info_lead": 302,
    },
    "sharing:decision_amend": {
        "north.social_worker": 200,
        "north.cin_manager": 403,
        "north.caldicott": 200,
        "north.info_lead": 200,
    },
    "sharing:decision_detail": {
        "north.social_worker": 200,
        "north.cin_manager": 200,
        "north.caldicott": 200,
        "north.info_lead": 200,
    },
    "sharing:decision_outcome": {
        "north.social_worker": 302,
        "north.cin_manager": 403,
        "north.caldicott": 403,
        "north.info_lead": 403,
    },
    "sharing:decision_question": {
        "north.social_worker": 302,
        "north.cin_manager": 403,
        "north.caldicott": 403,
        "north.info_lead": 403,
    },
    "sharing:decision_start": {"north.social_worker": 200, "north.cin_manager": 200},
    # Only the named recipient reads what was shared with them (issue 13).
    "sharing:disclosure_detail": {"health_visitor": 200},
    # Issue 16: the world's decision is completed: its maker is sent to it; anyone else who sees it, 403.
    "sharing:decision_withhold": {
        "north.social_worker": 302,
        "north.cin_manager": 403,
        "north.caldicott": 403,
        "north.info_lead": 403,
    },
    "sharing:privacy_notice_detail": {
        "north.social_worker": 200,
        "north.cin_manager": 200,
        "north.caldicott": 200,
        "north.info_lead": 200,
    },
    "transfers:cin_accept": {
        "north.social_worker": 403,
        "north.cin_manager": 403,
        "south.screener": 403,
        "south.mast_manager": 200,
        "south.cin_manager": 200,
    },
    "transfers:cin_acknowledge": {"*": 405},  # POST only
    "transfers:cin_check": {"north.social_worker": 200, "north.cin_manager": 200},
    "transfers:cin_decline": {
        "north.social_worker": 403,
        "north.cin_manager": 403,
        "south.screener": 403,
        "south.mast_manager": 200,
        "south.cin_manager": 200,
    },
    "transfers:cin_detail": {
        "north.social_worker": 200,
        "north.cin_manager": 200,
        "south.screener": 200,
        "south.mast_manager": 200,
        "south.cin_manager": 200,
    },
    "transfers:cin_document": {
        "north.social_worker": 200,
        "north.cin_manager": 200,
        "south.screener": 200,
        "south.mast_manager": 200,
        "south.cin_manager": 200,
    },
    "transfers:cin_document_remove": {"*": 405},  # POST only
    "transfers:cin_documents": {
        "north.social_worker": 200,
        "north.cin_manager": 200,
        "south.screener": 403,
        "south.mast_manager": 403,
        "south.cin_manager": 403,
    },
    "transfers:cin_family": {"north.social_worker": 200, "north.cin_manager": 200},
    "transfers:cin_family_update": {
        "north.social_worker": 200,
        "north.cin_manager": 200,
        "south.screener": 403,
        "south.mast_manager": 403,
        "south.cin_manager": 403,
    },
    "transfers:cin_move": {"north.social_worker": 200, "north.cin_manager": 200},
    "transfers:cin_print": {
        "north.social_worker": 200,
        "north.cin_manager": 200,
        "south.screener": 200,
        "south.mast_manager": 200,
        "south.cin_manager": 200,
    },
    "transfers:cin_resolve": {
        "north.social_worker": 403,
        "north.cin_manager": 302,
        "south.screener": 403,
        "south.mast_manager": 302,
        "south.cin_manager": 302,
    },
    "transfers:cin_start": {"north.social_worker": 200, "north.cin_manager": 200},
    "transfers:cin_summary": {"north.social_worker": 200, "north.cin_manager": 200},
    # --- subject rights (issue 17): answered by the holder's lead information officer ---
    "subject_rights:open_for_child": {"north.info_lead": 200},
    "subject_rights:open_for_person": {"north.info_lead": 200},
    # its Caldicott Guardian reads a request (from the overdue escalation) but does not answer it
    "subject_rights:detail": {"north.info_lead": 200, "north.caldicott": 200},
    "subject_rights:bundle": {"north.info_lead": 200, "north.caldicott": 403},
    "subject_rights:release": {"north.info_lead": 200, "north.caldicott": 403},
    "subject_rights:download": {"north.info_lead": 200, "north.caldicott": 403},
    "subject_rights:child_rights": {"north.info_lead": 200},
    # --- end subject rights ---
    # Retention (issue 17): the lead information officer's own organisation's only; every other role
    # is refused by role before any object is looked up (403); other officers do not find it (404).
    "retention:hold_place": {"*": 403, "north.info_lead": 200, "south.info_lead": 404, "west.info_lead": 404},
    "retention:hold_lift": {"*": 403, "north.info_lead": 200, "south.info_lead": 404, "west.info_lead": 404},
    "retention:certificate": {"*": 403, "north.info_lead": 200, "south.info_lead": 404, "west.info_lead": 404},
    "transfers:cin_withdraw": {
        "north.social_worker": 200,
        "north.cin_manager": 200,
        "south.screener": 403,
        "south.mast_manager": 403,
        "south.cin_manager": 403,
    },
}


def test_every_object_url_is_declared():
    declared = set(OBJECTS)
    undeclared = _object_urls() - declared
    assert not undeclared, f"Declare how to reach these and who may: {sorted(undeclared)}"
    missing = {n for n, build in OBJECTS.items() if build is not None} - set(EXPECTED)
    assert not missing, f"Declare who gets what on: {sorted(missing)}"


def _object_urls() -> set[str]:
    from django.urls import URLPattern, URLResolver

    found: set[str] = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and pattern.pattern.converters:
                found.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return found


def test_the_permission_matrix(setup):
    world = build_world(setup)
    west = build_authority("west")
    everyone = people(world, west)
    clients = {key: client_for(user) for key, user in everyone.items()}
    actual: dict[str, dict[str, int]] = {}
    unexpected = []
    for name, build in sorted(OBJECTS.items()):
        if build is None:
            continue
        url = reverse(name, args=build(world))
        expected = EXPECTED.get(name, {})
        for key, client in clients.items():
            status = client.get(url).status_code
            actual.setdefault(name, {})[key] = status
            want = expected.get(key, expected.get("*", 404))
            if status != want:
                unexpected.append(f"{name} as {key}: {status}, declared {want}")
    if os.environ.get("PORTAL_PRINT_MATRIX"):
        print("EXPECTED = {")
        for name, row in actual.items():
            shown = {k: v for k, v in row.items() if v != 404}
            print(f"    {name!r}: {shown!r},")
        print("}")
    assert not unexpected, "\n".join(unexpected)
