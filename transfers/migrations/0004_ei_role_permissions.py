"""Give the role groups their Early Intervention move permissions. Model permissions say what kind of
thing a role may do; which moves it may do it to comes from guardian rows on each move, granted to the
lead professional, their team and the teams of the agencies on the plan (DESIGN §5). Caldicott
Guardians and lead information officers meet moves through escalations, not the moves themselves."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WORKING = [
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
]

ROLE_PERMISSIONS = {
    "practitioner": WORKING,
    "mast_screener": WORKING,
    "team_manager": WORKING,
}

MODELS = [
    "earlyinterventionmove",
    "earlyinterventionagency",
    "multiagencymeeting",
    "agreedplanitem",
    "agencyrecordscheck",
]


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
    permissions = Permission.objects.filter(content_type__app_label="transfers", content_type__model__in=MODELS)
    for group in Group.objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("transfers", "0003_early_intervention_moves"),
        ("transfers", "0002_role_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
