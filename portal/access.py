"""Object-permission look-ups that never let a model-level permission or superuser status open an
object (DESIGN §5). Works for any model with guardian direct foreign-key permission models."""

import logging
import sys

from django.core.exceptions import PermissionDenied
from django.db import models
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from portal.logs import log_event

logger = logging.getLogger("portal.refusals")


def object_permissions(user, obj: models.Model) -> set[str]:
    """The codenames `user` holds on `obj` itself, directly or through their groups."""
    if not user.is_authenticated or not user.is_active:
        return set()
    user_model = get_user_obj_perms_model(obj)
    group_model = get_group_obj_perms_model(obj)
    direct = user_model._default_manager.filter(user=user, content_object=obj).values_list(
        "permission__codename", flat=True
    )
    through_groups = group_model._default_manager.filter(group__user=user, content_object=obj).values_list(
        "permission__codename", flat=True
    )
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
