"""`objects_permitted_q`, the one permission filter every list is built on (issue 14): the user's own
object-permission rows and their groups' rows, in one sub-select. Checked against guardian's own
`get_objects_for_user`, and for what guardian does not know: the grants ledger behind a child's rows."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from guardian.shortcuts import assign_perm, get_objects_for_user

from portal.access import objects_permitted_q
from portal.models import Child, ChildAccessGrant, Role
from referrals.models import MastAlert
from tests.factories import UserFactory
from tests.referrals.factories import alert, health_child

pytestmark = pytest.mark.django_db


def permitted(user, model, codename, **narrow) -> set[int]:
    return set(
        model.objects.filter(objects_permitted_q(user, model=model, codename=codename, **narrow)).values_list(
            "pk", flat=True
        )
    )


def everyone(setup) -> list:
    return [
        user
        for authority in (setup.north, setup.south)
        for user in (authority.social_worker, authority.screener, authority.mast_manager, authority.caldicott)
    ] + [setup.health_visitor]


def test_the_same_alerts_as_guardian_finds_for_every_user_and_permission(setup):
    north_alert = alert(setup)
    south_alert = alert(setup, authority=setup.south.org)
    assert {north_alert.pk, south_alert.pk} <= permitted(setup.health_visitor, MastAlert, "view_mastalert")
    for user in everyone(setup):
        for codename in ("view_mastalert", "act_on_mastalert"):
            guardian = get_objects_for_user(
                user, f"referrals.{codename}", klass=MastAlert, accept_global_perms=False, with_superuser=False
            )
            assert permitted(user, MastAlert, codename) == set(guardian.values_list("pk", flat=True)), (user, codename)


def test_a_group_row_opens_the_object_only_while_the_user_is_in_the_group(setup):
    sent = alert(setup)
    screener = setup.north.screener
    assert permitted(screener, MastAlert, "act_on_mastalert") == {sent.pk}  # through the MAST team's group
    assert permitted(setup.south.screener, MastAlert, "act_on_mastalert") == set()
    screener.groups.remove(setup.north.mast.group)
    assert permitted(screener, MastAlert, "act_on_mastalert") == set()


def test_another_permission_another_model_or_a_model_level_permission_opens_nothing(setup):
    sent = alert(setup)
    raiser = setup.health_visitor
    assert permitted(raiser, MastAlert, "act_on_mastalert") == set()  # she may read it, not act on it
    chief = UserFactory(username="chief", is_superuser=True)
    chief.user_permissions.add(*Permission.objects.filter(codename__in=["view_mastalert", "view_child"]))
    assert permitted(chief, MastAlert, "view_mastalert") == set()
    # A child's row with the same pk as the alert is not a row on the alert.
    assert sent.pk not in permitted(raiser, MastAlert, "view_child")


def test_an_inactive_user_is_permitted_nothing(setup):
    alert(setup)
    setup.health_visitor.is_active = False
    assert permitted(setup.health_visitor, MastAlert, "view_mastalert") == set()


def test_child_id_narrows_to_that_childs_objects(setup):
    first, second = health_child(setup), health_child(setup)
    about_first, about_second = alert(setup, child=first), alert(setup, child=second)
    visitor = setup.health_visitor
    assert permitted(visitor, MastAlert, "view_mastalert") >= {about_first.pk, about_second.pk}
    assert permitted(visitor, MastAlert, "view_mastalert", child_id=first.pk) == {about_first.pk}
    assert permitted(visitor, Child, "view_child", child_id=second.pk) == {second.pk}


def test_a_childs_row_counts_only_while_a_grant_in_force_stands_behind_it(setup, time_machine):
    child = health_child(setup)
    visitor, outsider = setup.health_visitor, UserFactory(username="outsider", roles=[Role.PRACTITIONER])
    assert permitted(visitor, Child, "view_child") == {child.pk}
    # A row made outside the services (no grant in the ledger) opens nothing, for a user or a group.
    assign_perm("portal.view_child", outsider, child)
    group = Group.objects.create(name="made by hand")
    outsider.groups.add(group)
    assign_perm("portal.view_child", group, child)
    assert permitted(outsider, Child, "view_child") == set()
    # The health visitor's grant, expired, no longer opens it: before any sweep removes the row.
    ChildAccessGrant.objects.filter(child=child).update(expires_at=timezone.now() + timedelta(hours=1))
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    assert permitted(visitor, Child, "view_child") == set()
