"""The viewer's facts (issue 14): the signed-in user's roles, model permissions and teams are read in
one query the first time a GET asks, and reused by everything else in that request; outside a GET
(a POST, a task, a test calling a policy) they are read afresh, so a change is never missed."""

from django.contrib.auth.models import Group
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from portal import policies
from portal.models import Role
from portal.viewer import ViewerMiddleware, viewer_facts
from referrals.selectors import is_mast_member


def ask_everything(request):
    user = request.user
    answers = (
        policies.roles_of(user),
        policies.is_reviewer(user),
        policies.managed_team_ids(user),
        is_mast_member(user=user),
        user.has_perm("referrals.add_mastreferral"),
        user.has_perm("portal.add_child"),
        policies.roles_of(user),
    )
    return HttpResponse(repr(answers))


def serve(user, method: str = "get"):
    request = getattr(RequestFactory(), method)("/")
    request.user = user
    with CaptureQueriesContext(connection) as captured:
        response = ViewerMiddleware(ask_everything)(request)
    return response.content.decode(), len(captured)


def test_a_get_reads_the_viewers_facts_once_whoever_asks(setup):
    manager = setup.north.cin_manager
    answers, queries = serve(manager)
    assert queries == 1
    # The same answers as Django's own backend and the policies give outside a request.
    assert answers == repr(
        (
            policies.roles_of(manager),
            policies.is_reviewer(manager),
            policies.managed_team_ids(manager),
            is_mast_member(user=manager),
            manager.has_perm("referrals.add_mastreferral"),
            manager.has_perm("portal.add_child"),
            policies.roles_of(manager),
        )
    )
    assert policies.managed_team_ids(manager) == {setup.north.cin.pk}


def test_a_post_and_code_outside_a_request_read_afresh(setup):
    worker = setup.north.social_worker
    _, get_queries = serve(worker)
    _, post_queries = serve(worker, "post")
    assert post_queries > get_queries
    assert Role.CALDICOTT_GUARDIAN.value not in policies.roles_of(worker)
    worker.groups.add(Group.objects.get(name=Role.CALDICOTT_GUARDIAN.value))
    assert Role.CALDICOTT_GUARDIAN.value in policies.roles_of(worker)
    assert policies.is_reviewer(worker)


def test_the_facts_name_the_organisation_and_each_team(setup):
    facts = viewer_facts(setup.north.mast_manager)
    assert facts.organisation_name == setup.north.org.name
    [membership] = facts.memberships
    assert (membership.team_id, membership.team_kind, membership.is_manager) == (
        setup.north.mast.pk,
        setup.north.mast.kind,
        True,
    )
    assert membership.organisation_name == setup.north.org.name
