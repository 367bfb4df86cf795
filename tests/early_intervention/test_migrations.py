"""A database made before Early Intervention moves had their own app upgrades in place (issue 10):
every row stays where it was, the role groups and everyone else keep their permissions (now
`early_intervention.*`), and guardian's rows still open the move to the people it was opened to.

Django's migration executor takes the test database back to the last migration in which `transfers`
still owned the models, rows are made there through that state's models, and it goes forward again.
"""

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from guardian.core import ObjectPermissionChecker

from early_intervention import selectors
from early_intervention.models import (
    EarlyInterventionAgency,
    EarlyInterventionMove,
    EarlyInterventionMoveGroupObjectPermission,
)
from portal.models import User
from tests.early_intervention.factories import eh_child
from tests.helpers import migrate_to

pytestmark = pytest.mark.postgres

BEFORE = [("transfers", "0004_ei_role_permissions")]
# What transfers 0004 gave the working roles, as it gave them.
WORKING = {
    "view_earlyinterventionmove",
    "add_earlyinterventionmove",
    "change_earlyinterventionmove",
    "view_earlyinterventionagency",
    "change_earlyinterventionagency",
    "view_multiagencymeeting",
    "add_multiagencymeeting",
    "view_agreedplanitem",
    "add_agreedplanitem",
    "change_agreedplanitem",
    "view_agencyrecordscheck",
    "change_agencyrecordscheck",
}


@pytest.fixture
def before_the_app(postgres):
    """The models as they were in `transfers`; afterwards the database is at the latest migrations
    again, whatever the test did, for the tests that follow."""
    try:
        yield migrate_to(BEFORE)
    finally:
        migrate_to()


def _old_move(old, setup, child):
    """A move, an agency on its plan and its first history row, as transfers made them."""
    Move = old.get_model("transfers", "EarlyInterventionMove")
    worker = setup.north.early_help_worker
    move = Move.objects.create(
        child_id=child.pk,
        plan_reference="EIP-2026-OLD",
        tier=3,
        lead_professional_id=worker.pk,
        lead_team_id=setup.north.early_help.pk,
        kind="unplanned",
        whereabouts_known=True,
        destination_authority_id=setup.south.org.pk,
        move_date=date(2026, 3, 2),
        consent="not_obtained",
        consent_explanation="The family left without notice.",
        created_by_id=worker.pk,
        state="awaiting_meeting",
    )
    old.get_model("transfers", "HistoricalEarlyInterventionMove").objects.create(
        **{field.attname: getattr(move, field.attname) for field in Move._meta.concrete_fields},
        history_date=timezone.now(),
        history_type="+",
        history_change_reason="Recorded before the app existed",
        history_user_id=worker.pk,
    )
    old.get_model("transfers", "EarlyInterventionAgency").objects.create(
        move=move,
        organisation_id=setup.north.org.pk,
        team_id=setup.north.early_help.pk,
        is_lead=True,
        added_by_id=worker.pk,
    )
    return move


def _old_permission(old, codename: str):
    return old.get_model("auth", "Permission").objects.get(content_type__app_label="transfers", codename=codename)


def test_an_existing_database_keeps_every_move_row_and_permission(setup, before_the_app):
    old = before_the_app
    child = eh_child(setup)
    move = _old_move(old, setup, child)
    view = _old_permission(old, "view_earlyinterventionmove")
    old_type = view.content_type_id
    team_row = old.get_model("transfers", "EarlyInterventionMoveGroupObjectPermission").objects.create(
        group_id=setup.north.early_help.group_id, permission=view, content_object=move
    )
    readers = old.get_model("auth", "Group").objects.create(name="Early Intervention readers")
    readers.permissions.add(view)
    old.get_model("portal", "User").objects.get(pk=setup.health_visitor.pk).user_permissions.add(view)

    migrate_to()

    moved = EarlyInterventionMove.objects.get(pk=move.pk)
    assert (moved.child, moved.plan_reference, moved.state) == (child, "EIP-2026-OLD", "awaiting_meeting")
    assert [a.team for a in EarlyInterventionAgency.objects.filter(move=moved)] == [setup.north.early_help]
    assert [h.history_change_reason for h in moved.history.all()] == ["Recorded before the app existed"]

    # The content type is the same row under its new label, so whatever pointed at it still does.
    content_type = ContentType.objects.get_for_model(EarlyInterventionMove)
    assert (content_type.pk, content_type.app_label) == (old_type, "early_intervention")
    assert not ContentType.objects.filter(app_label="transfers", model__contains="intervention").exists()
    view_now = Permission.objects.get(content_type=content_type, codename="view_earlyinterventionmove")
    assert view_now.pk == view.pk

    assert list(Group.objects.get(name="Early Intervention readers").permissions.all()) == [view_now]
    for role in ("practitioner", "mast_screener", "team_manager"):
        held = Group.objects.get(name=role).permissions.filter(content_type__app_label="early_intervention")
        assert set(held.values_list("codename", flat=True)) == WORKING, role
    assert User.objects.get(pk=setup.health_visitor.pk).has_perm("early_intervention.view_earlyinterventionmove")

    row = EarlyInterventionMoveGroupObjectPermission.objects.get(pk=team_row.pk)
    assert (row.content_object, row.permission) == (moved, view_now)
    assert ObjectPermissionChecker(setup.north.early_help.group).has_perm("view_earlyinterventionmove", moved)
    worker = User.objects.get(pk=setup.north.early_help_worker.pk)
    assert list(selectors.move_list_for_user(user=worker)) == [moved]


def test_content_types_made_early_under_the_new_label_are_merged(setup, before_the_app):
    """Had Django made the new content types and permissions already (after a `migrate` that stopped
    at early_intervention 0001), what was given on them is kept, on the original rows."""
    old = before_the_app
    ContentTypes = old.get_model("contenttypes", "ContentType")
    Permissions = old.get_model("auth", "Permission")
    Groups = old.get_model("auth", "Group")
    move = _old_move(old, setup, eh_child(setup))
    view = _old_permission(old, "view_earlyinterventionmove")
    early = ContentTypes.objects.create(app_label="early_intervention", model="earlyinterventionmove")
    early_view = Permissions.objects.create(content_type=early, codename="view_earlyinterventionmove", name="Can view")
    early_only = Permissions.objects.create(content_type=early, codename="audit_earlyinterventionmove", name="Audit")
    later = Groups.objects.create(name="Given the new permission")
    later.permissions.add(early_view, early_only)
    both = Groups.objects.create(name="Given both copies")
    both.permissions.add(view, early_view)
    guardian_row = old.get_model("transfers", "EarlyInterventionMoveGroupObjectPermission").objects.create(
        group=later, permission=early_view, content_object=move
    )

    migrate_to()

    content_type = ContentType.objects.get(app_label="early_intervention", model="earlyinterventionmove")
    assert content_type.pk == view.content_type_id
    assert not ContentType.objects.filter(pk=early.pk).exists()
    view_now = Permission.objects.get(content_type=content_type, codename="view_earlyinterventionmove")
    assert view_now.pk == view.pk
    assert not Permission.objects.filter(pk=early_view.pk).exists()
    assert Permission.objects.get(pk=early_only.pk).content_type == content_type  # nothing of its own is lost
    assert set(Group.objects.get(name="Given the new permission").permissions.values_list("pk", flat=True)) == {
        view.pk,
        early_only.pk,
    }
    assert list(Group.objects.get(name="Given both copies").permissions.all()) == [view_now]
    row = EarlyInterventionMoveGroupObjectPermission.objects.get(pk=guardian_row.pk)
    assert (row.content_object.pk, row.permission) == (move.pk, view_now)
