"""Object-permission look-ups that never let a model-level permission or superuser status open an
object (DESIGN §5). Works for any model with guardian direct foreign-key permission models."""

import logging
import sys
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from portal.logs import log_event

logger = logging.getLogger("portal.refusals")


def grant_in_force(now=None) -> Q:
    """A `ChildAccessGrant` that is neither revoked nor past its expiry, at the time of the query:
    time-limited access ends when it expires, not when a sweep next runs (DESIGN §5)."""
    now = now or timezone.now()
    return Q(revoked_at__isnull=True) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def child_permission_rows(user) -> tuple[models.QuerySet, models.QuerySet]:
    """The guardian rows on children that give `user` access now: a row counts only while a grant
    in force in the ledger stands behind it, so an expired emergency grant (or a row made outside
    the services) opens nothing even before the sweep removes it."""
    from portal.models import ChildAccessGrant, ChildGroupObjectPermission, ChildUserObjectPermission

    in_force = ChildAccessGrant.objects.filter(grant_in_force())
    direct = ChildUserObjectPermission.objects.filter(user=user).filter(
        Exists(in_force.filter(child=OuterRef("content_object"), user=user))
    )
    through_groups = ChildGroupObjectPermission.objects.filter(group__user=user).filter(
        Exists(in_force.filter(child=OuterRef("content_object"), team__group=OuterRef("group")))
    )
    return direct, through_groups


def objects_permitted_q(
    user, *, model: type[models.Model], codename: str, field: str = "pk", child_id: int | None = None
) -> Q:
    """Rows whose `field` is an object of `model` on which `user` holds `codename` through an object
    permission, their own or their groups': never a model-level permission or superuser status.

    One sub-select, a UNION ALL of the user's rows and their groups' rows, which PostgreSQL plans
    as a semi-join; guardian's `get_objects_for_user` gives `IN (user rows) OR IN (group rows)`,
    which makes it hash every object the user may see and test each row of the table against both
    (issue 14), and costs a few milliseconds of Python to build each time. On children a row counts
    only while a grant in force stands behind it (`child_permission_rows`). `child_id` narrows the
    rows to one child's objects (for a model with a `child` field, or the child itself)."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    sql, params = _permitted_sql(user, model, codename, child_id)
    return Q(**{f"{field}__in": RawSQL(sql, params)})


def _permitted_sql(user, model: type[models.Model], codename: str, child_id: int | None) -> tuple[str, list]:
    """The sub-select's SQL and parameters. Every name comes from the models' own metadata, quoted;
    every value is a bound parameter."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from portal.models import Child, ChildAccessGrant, Team

    name = connection.ops.quote_name
    # guardian takes the class or an instance, though its stubs say only an instance.
    user_rows, group_rows = get_user_obj_perms_model(cast(Any, model)), get_group_obj_perms_model(cast(Any, model))
    on = _column(user_rows, "content_object")
    permission = (
        f"p.permission_id = (SELECT ap.id FROM {name(Permission._meta.db_table)} ap"
        f" JOIN {name(ContentType._meta.db_table)} ct ON ct.id = ap.content_type_id"
        " WHERE ct.app_label = %s AND ct.model = %s AND ap.codename = %s)",
        [model._meta.app_label, model._meta.model_name, codename],
    )
    narrow: tuple[str, list] = ("", [])
    if child_id is not None and model is Child:
        narrow = (f" AND p.{on} = %s", [child_id])
    elif child_id is not None:
        objects, child = name(model._meta.db_table), _column(model, "child")
        narrow = (
            f" AND p.{on} IN (SELECT o.{_column(model, model._meta.pk.name)} FROM {objects} o WHERE o.{child} = %s)",
            [child_id],
        )
    in_force_user: tuple[str, list] = ("", [])
    in_force_group: tuple[str, list] = ("", [])
    if model is Child:
        # The ledger's test of a grant in force (`grant_in_force`), at the time of the query.
        grants, teams = name(ChildAccessGrant._meta.db_table), name(Team._meta.db_table)
        live = "g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > %s)"
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        in_force_user = (
            f" AND EXISTS (SELECT 1 FROM {grants} g WHERE g.child_id = p.{on} AND g.user_id = %s AND {live})",
            [user.pk, now],
        )
        in_force_group = (
            f" AND EXISTS (SELECT 1 FROM {grants} g JOIN {teams} t ON t.id = g.team_id"
            f" WHERE g.child_id = p.{on} AND t.group_id = p.group_id AND {live})",
            [now],
        )
    memberships = name(get_user_model().groups.through._meta.db_table)
    parts: list[tuple[str, list]] = [
        (f"SELECT p.{on} FROM {name(user_rows._meta.db_table)} p WHERE p.user_id = %s AND ", [user.pk]),
        permission,
        narrow,
        in_force_user,
        (
            f" UNION ALL SELECT p.{on} FROM {name(group_rows._meta.db_table)} p"
            f" JOIN {memberships} m ON m.group_id = p.group_id AND m.user_id = %s WHERE ",
            [user.pk],
        ),
        permission,
        narrow,
        in_force_group,
    ]
    return "".join(sql for sql, _ in parts), [value for _, values in parts for value in values]


def _column(model, field_name: str) -> str:
    field = model._meta.get_field(field_name)
    assert isinstance(field, models.Field) and field.column  # noqa: S101 (a column, never a reverse relation)
    return connection.ops.quote_name(field.column)


def object_permissions(user, obj: models.Model) -> set[str]:
    """The codenames `user` holds on `obj` itself, directly or through their groups."""
    if not user.is_authenticated or not user.is_active:
        return set()
    from portal.models import Child

    if isinstance(obj, Child):
        direct_rows, group_rows = child_permission_rows(user)
        direct_rows, group_rows = direct_rows.filter(content_object=obj), group_rows.filter(content_object=obj)
    else:
        direct_rows = get_user_obj_perms_model(obj)._default_manager.filter(user=user, content_object=obj)
        group_rows = get_group_obj_perms_model(obj)._default_manager.filter(group__user=user, content_object=obj)
    direct = direct_rows.values_list("permission__codename", flat=True)
    through_groups = group_rows.values_list("permission__codename", flat=True)
    return set(direct.union(through_groups))


def has_object_permission(user, codename: str, obj: models.Model) -> bool:
    return codename in object_permissions(user, obj)


def require(condition: bool, message: str) -> None:
    """A service's permission check: 403 (PermissionDenied) with a message the user can read."""
    if not condition:
        # The refusing service as `<app>.<function>`, wherever inside the app its module lives; the
        # message is for the person, not the log.
        caller = sys._getframe(1)
        app = str(caller.f_globals.get("__name__", "")).partition(".")[0]
        log_event(logger, "service.refused", service=f"{app}.{caller.f_code.co_qualname}")
        raise PermissionDenied(message)
