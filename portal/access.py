"""Object-permission look-ups that never let a model-level permission or superuser status open an
object (DESIGN §5). Works for any model with guardian direct foreign-key permission models."""

import logging
import sys

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from portal.logs import log_event

logger = logging.getLogger("portal.refusals")


def grant_in_force(now=None) -> Q:
    """A `ChildAccessGrant` that is neither revoked nor past its expiry, at the time of the query:
    time-limited access ends when it expires, not when a sweep next runs (DESIGN §5)."""
    now = now or timezone.now()
    return Q(revoked_at__isnull=True) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def child_permission_rows(user, codename: str | None = None) -> tuple[models.QuerySet, models.QuerySet]:
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
    if codename is not None:
        direct = direct.filter(permission__codename=codename)
        through_groups = through_groups.filter(permission__codename=codename)
    return direct, through_groups


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
