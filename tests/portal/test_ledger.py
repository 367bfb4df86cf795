"""No way around the ledger (issue 11, findings 6 and 7): the admin neither shows children and their
records nor edits object permissions; team membership and accounts change through services;
access-log, grant and history rows are never cascaded away, and on PostgreSQL never edited."""

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from portal import selectors, services
from portal.access import has_object_permission
from portal.models import AccessEvent, ChildAccessGrant, TeamMembership
from tests.factories import UserFactory, join, make_child
from tests.helpers import client_for


@pytest.fixture
def child(setup):
    return make_child(worker=setup.north.social_worker, team=setup.north.cin)


def test_the_admin_cannot_list_search_or_open_children_or_their_records(setup, child, admin_client):
    """Finding 6: the superuser's admin has nothing about a child in it, and no guardian screens."""
    index = admin_client.get("/admin/").content.decode()
    for model in ("child", "cintransfer", "mastreferral", "earlyinterventionmove", "mastalert", "transferrequest"):
        assert f"/{model}/" not in index, model
    for path in (
        "/admin/portal/child/",
        f"/admin/portal/child/{child.pk}/change/",
        f"/admin/portal/child/{child.pk}/permissions/",
        "/admin/portal/childaccessgrant/",
        "/admin/portal/accessevent/",
        "/admin/portal/person/",
        "/admin/transfers/cintransfer/",
        "/admin/referrals/mastreferral/",
        "/admin/early_intervention/earlyinterventionmove/",
    ):
        assert admin_client.get(path).status_code == 404, path
    # Superuser status opens no child in the portal itself either.
    admin = admin_client.get(reverse("portal:child_detail", args=[child.pk]))
    assert admin.status_code == 404


def test_the_admin_deletes_no_account_team_or_organisation_and_deactivates_accounts(setup, admin_client):
    worker = setup.north.social_worker
    assert admin_client.get(reverse("admin:portal_user_delete", args=[worker.pk])).status_code == 403
    assert admin_client.get(reverse("admin:portal_team_delete", args=[setup.north.cin.pk])).status_code == 403
    assert admin_client.get(reverse("admin:portal_organisation_delete", args=[setup.north.org.pk])).status_code == 403
    listing = admin_client.post(
        reverse("admin:portal_user_changelist"), {"action": "delete_selected", "_selected_action": [worker.pk]}
    )
    assert listing.status_code in (200, 302)
    worker.refresh_from_db()  # still there
    admin_client.post(
        reverse("admin:portal_user_changelist"), {"action": "deactivate_users", "_selected_action": [worker.pk]}
    )
    worker.refresh_from_db()
    assert not worker.is_active
    assert worker.history.first().history_change_reason == "Account deactivated"


def test_the_user_admin_offers_roles_not_team_groups_and_keeps_team_groups(setup, admin_client):
    worker = setup.north.social_worker
    page = admin_client.get(reverse("admin:portal_user_change", args=[worker.pk]))
    offered = set(page.context["adminform"].form.fields["groups"].queryset)
    assert setup.north.cin.group not in offered
    assert Group.objects.get(name="practitioner") in offered


def test_membership_changes_go_through_the_service_and_move_access(setup, child):
    """Finding 7: ending a membership takes the team's access with it; nothing hangs on save()."""
    newcomer = UserFactory(organisation=setup.north.org, roles=["practitioner"])
    assert not has_object_permission(newcomer, "view_child", child)
    membership = services.team_membership_add(actor=None, team=setup.north.cin, user=newcomer)
    assert has_object_permission(newcomer, "change_child", child)
    services.team_membership_end(actor=None, membership=membership)
    assert not has_object_permission(newcomer, "view_child", child)
    assert not newcomer.groups.filter(pk=setup.north.cin.group_id).exists()
    # A membership saved directly (not through the service) opens nothing.
    TeamMembership.objects.create(team=setup.north.cin, user=newcomer)
    assert not has_object_permission(newcomer, "view_child", child)


def test_the_admin_cannot_move_a_membership_to_another_person(setup, child, admin_client):
    """Finding 7: changing a membership's user in the admin used to leave the old user in the group."""
    worker = setup.north.social_worker
    other = UserFactory(organisation=setup.north.org, roles=["practitioner"])
    membership = TeamMembership.objects.get(team=setup.north.cin, user=worker)
    url = reverse("admin:portal_teammembership_change", args=[membership.pk])
    form = admin_client.get(url).context["adminform"].form
    assert "user" not in form.fields and "team" not in form.fields
    admin_client.post(url, {"user": other.pk, "team": setup.north.cin.pk, "is_manager": "on"})
    membership.refresh_from_db()
    assert membership.user == worker and membership.is_manager
    assert not has_object_permission(other, "view_child", child)
    deleted = admin_client.post(reverse("admin:portal_teammembership_delete", args=[membership.pk]), {"post": "yes"})
    assert deleted.status_code == 302
    assert not TeamMembership.objects.filter(pk=membership.pk).exists()
    assert not worker.groups.filter(pk=setup.north.cin.group_id).exists()
    # The allocated worker's own grant still stands; the team's access went with the membership.
    assert selectors.child_access_basis(user=worker, child=child) == "Allocated worker"


def test_a_deactivated_account_sees_nothing(setup, child):
    worker = setup.north.social_worker
    services.user_deactivate(actor=None, user=worker)
    worker.refresh_from_db()
    assert not selectors.child_list_for_user(user=worker).exists()
    assert not has_object_permission(worker, "view_child", child)


def test_access_log_grants_and_accounts_are_never_cascaded_away(setup, child):
    services.access_event_record(user=setup.north.cin_manager, child=child, basis="Allocated team")
    with pytest.raises(ProtectedError), transaction.atomic():
        child.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        setup.north.cin_manager.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        setup.north.social_worker.delete()  # holds an allocated-worker grant
    assert AccessEvent.objects.filter(child=child).exists()
    assert ChildAccessGrant.objects.filter(child=child).exists()


@pytest.mark.parametrize("table", ["portal_accessevent", "portal_historicalaccessevent", "portal_historicalchild"])
def test_on_postgresql_the_access_log_and_history_are_append_only(postgres, setup, child, table):
    services.access_event_record(user=setup.north.cin_manager, child=child, basis="Allocated team")
    # `table` comes from the fixed list above, never from input.
    for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):  # noqa: S608
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        assert cursor.fetchone()[0] > 0
    # Appending still works.
    services.access_event_record(user=setup.north.cin_manager, child=child, basis="Allocated team")


def test_the_service_refuses_someone_without_the_permission(setup):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.team_membership_add(
            actor=setup.north.social_worker, team=setup.north.cin, user=setup.south.social_worker
        )
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=setup.north.cin_manager, user=setup.north.social_worker)


def test_join_helper_uses_the_service(setup):
    user = join(UserFactory(organisation=setup.north.org, roles=["practitioner"]), setup.north.mast)
    assert user.groups.filter(pk=setup.north.mast.group_id).exists()
    assert client_for(user).get(reverse("portal:home")).status_code == 200
