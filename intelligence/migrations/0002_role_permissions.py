"""The Child Exploitation team role, and who may submit intelligence (issue 16; DESIGN §4: roles as
Django groups).

Any practitioner may submit intelligence (MAST screeners and team managers are practitioners too);
the `child_exploitation` role also triages, links and closes it, and handles the escalations of its
clock. Which items a holder may work on is decided by team membership: the Child Exploitation team
of the item's local authority (`intelligence.selectors`). Caldicott Guardians and lead information
officers get nothing here: intelligence is not theirs to read.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SUBMIT = ["add_intelligenceitem", "view_intelligenceitem", "change_intelligenceitem"]
TEAM = [*SUBMIT, "triage_intelligenceitem"]
# The core's permissions the new role needs to use the portal: its inbox and its escalations.
CORE = ["view_notification", "view_escalation", "change_escalation"]

ROLE_PERMISSIONS = {
    "practitioner": SUBMIT,
    "mast_screener": SUBMIT,
    "team_manager": SUBMIT,
    "child_exploitation": TEAM,
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("intelligence")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = Permission.objects.filter(content_type__app_label="intelligence", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for role {role}: {sorted(missing)}")
        group.permissions.add(*permissions)
    core = Permission.objects.filter(content_type__app_label="portal", codename__in=CORE)
    if core.count() != len(CORE):
        raise RuntimeError("The core's notification and escalation permissions are missing")
    Group.objects.get(name="child_exploitation").permissions.add(*core)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="intelligence")
    for group in Group.objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*permissions)
    Group.objects.filter(name="child_exploitation").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intelligence", "0001_initial"),
        ("portal", "0009_team_kind_and_escalation_kind_for_child_exploitation"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
