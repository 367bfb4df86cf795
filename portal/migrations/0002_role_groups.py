"""Create the role groups with their model permissions (DESIGN §4: roles as Django groups).

Model permissions say what *kind* of thing a role may do; which objects it may do it to comes from
guardian rows granted to teams and people. Later apps add their own models' permissions to these
groups in their own migrations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "practitioner": [
        "view_child",
        "add_child",
        "change_child",
        "view_person",
        "add_person",
        "change_person",
        "view_relationship",
        "add_relationship",
        "change_relationship",
        "view_notification",
        "view_escalation",
    ],
    "mast_screener": [
        "view_child",
        "add_child",
        "change_child",
        "view_person",
        "add_person",
        "change_person",
        "view_relationship",
        "add_relationship",
        "change_relationship",
        "view_notification",
        "view_escalation",
    ],
    "team_manager": [
        "view_child",
        "add_child",
        "change_child",
        "allocate_child",
        "view_person",
        "add_person",
        "change_person",
        "view_relationship",
        "add_relationship",
        "change_relationship",
        "view_notification",
        "view_escalation",
        "change_escalation",
    ],
    "caldicott_guardian": [
        "view_child",
        "view_person",
        "view_relationship",
        "view_notification",
        "view_escalation",
        "change_escalation",
        "view_accessevent",
    ],
    "lead_information_officer": [
        "view_child",
        "view_person",
        "view_relationship",
        "view_notification",
        "view_escalation",
        "change_escalation",
        "view_accessevent",
    ],
}


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; roles need them now.
    app_config = apps.get_app_config("portal")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = Permission.objects.filter(content_type__app_label="portal", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for role {role}: {sorted(missing)}")
        group.permissions.add(*permissions)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
