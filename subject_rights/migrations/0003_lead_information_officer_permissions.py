"""The lead information officer's role holds the data protection rights permissions (the nav and
the policy ask `has_perm`, which the request has already loaded, so no page costs a query more)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE = "lead_information_officer"
CODENAMES = [
    "add_subjectaccessrequest",
    "view_subjectaccessrequest",
    "change_subjectaccessrequest",
    "add_rectification",
    "view_rectification",
    "add_restriction",
    "view_restriction",
    "change_restriction",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("subject_rights")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=ROLE)
    permissions = Permission.objects.filter(content_type__app_label="subject_rights", codename__in=CODENAMES)
    missing = set(CODENAMES) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Permissions missing: {sorted(missing)}")
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="subject_rights", codename__in=CODENAMES)
    for group in Group.objects.filter(name=ROLE):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("subject_rights", "0002_dpa_2018_exemptions"),
        ("portal", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
