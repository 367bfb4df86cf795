"""Give the role groups their transfers permissions. Model permissions say what kind of thing a role
may do; which transfers it may do it to comes from guardian rows on each transfer (DESIGN §5).
Deciding on a transfer (accepting or declining it for a team) is for team managers only."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WORKING = [
    "view_cintransfer",
    "add_cintransfer",
    "change_cintransfer",
    "view_transferdocument",
    "add_transferdocument",
    "view_familyupdate",
    "add_familyupdate",
    "view_transferrequest",
    "add_transferrequest",
    "change_transferrequest",
]
REVIEWING = ["view_cintransfer", "view_transferdocument", "view_familyupdate", "view_transferrequest"]

ROLE_PERMISSIONS = {
    "practitioner": WORKING,
    "mast_screener": WORKING,
    "team_manager": [*WORKING, "decide_cintransfer"],
    "caldicott_guardian": REVIEWING,
    "lead_information_officer": REVIEWING,
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("transfers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = Permission.objects.filter(content_type__app_label="transfers", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for role {role}: {sorted(missing)}")
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="transfers")
    for group in Group.objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("transfers", "0001_initial"),
        ("portal", "0002_role_groups"),
        ("sharing", "0002_reference_data_and_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
