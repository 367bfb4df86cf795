"""Give the role groups their MAST referral permissions (DESIGN §4: roles as Django groups).

Model permissions say what kind of thing a role may do: practitioners make referrals and raise
alerts; MAST screeners and team managers also screen and act on alerts. Which referrals and alerts
they may do it to comes from guardian rows granted to the MAST team of the authority (a team
manager of a Children in Need team holds the permission but no MAST team's rows, so screens
nothing). Caldicott Guardians and lead information officers meet referrals through escalations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MAKE = [
    "add_mastreferral",
    "view_mastreferral",
    "change_mastreferral",
    "view_screening",
    "view_screeningcheck",
    "add_mastalert",
    "view_mastalert",
]
SCREEN = [
    *MAKE,
    "screen_mastreferral",
    "add_screening",
    "change_screening",
    "add_screeningcheck",
    "act_on_mastalert",
    "change_mastalert",
]

ROLE_PERMISSIONS = {
    "practitioner": MAKE,
    "mast_screener": SCREEN,
    "team_manager": SCREEN,
    "caldicott_guardian": [],
    "lead_information_officer": [],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("referrals")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = Permission.objects.filter(content_type__app_label="referrals", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for role {role}: {sorted(missing)}")
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="referrals")
    for group in Group.objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_initial"),
        ("portal", "0002_role_groups"),
        ("sharing", "0002_reference_data_and_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
