"""Give the role groups their professionals meeting permissions. Model permissions say what kind of
thing a role may do; which meetings it may do it to comes from the access policy in
`meetings.selectors` (the child's access grants and the meeting's own people). Caldicott Guardians
and lead information officers meet meetings through escalations, not the meetings themselves."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WORKING = [
    "view_professionalsmeeting",
    "add_professionalsmeeting",
    "change_professionalsmeeting",
    "view_meetingaction",
    "add_meetingaction",
    "change_meetingaction",
]

ROLE_PERMISSIONS = {
    "practitioner": WORKING,
    "mast_screener": WORKING,
    "team_manager": WORKING,
}

MODELS = ["professionalsmeeting", "meetinginvitee", "meetingaction"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("meetings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = Permission.objects.filter(content_type__app_label="meetings", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for role {role}: {sorted(missing)}")
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="meetings", content_type__model__in=MODELS)
    for group in Group.objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_professionals_meetings"),
        ("portal", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
