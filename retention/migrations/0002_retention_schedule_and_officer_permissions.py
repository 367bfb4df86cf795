"""The retention schedule's starting rules (editable in the admin by the lead information officer)
and the officer's permissions: reviewing records for retention, and editing the schedule."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RULES = [
    (
        "referrals.no_further_action",
        "closure",
        6,
        "A MAST contact or referral that led to no further action is kept for six years from the outcome, "
        "then reviewed (data protection principle (e): no longer than is necessary).",
    ),
    (
        "transfers.cin_transfer",
        "date_of_birth",
        25,
        "A Child in Need case record, including its transfer between authorities, is kept until the "
        "child's 25th birthday, then reviewed.",
    ),
    (
        "early_intervention.move",
        "closure",
        6,
        "An Early Intervention move is kept for six years after it closed (completed or withdrawn), then reviewed.",
    ),
    (
        "sharing.decision",
        "closure",
        6,
        "A decision to share or not to share, with its reasons, is kept for six years after it was completed, "
        "then reviewed.",
    ),
]

OFFICER_PERMISSIONS = ["review_retention", "view_retentionrule", "add_retentionrule", "change_retentionrule"]


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("retention", "RetentionRule")
    for record_type, trigger, years, basis in RULES:
        RetentionRule.objects.get_or_create(
            record_type=record_type, defaults={"trigger": trigger, "years": years, "basis": basis}
        )
    app_config = apps.get_app_config("retention")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="lead_information_officer")
    permissions = Permission.objects.filter(content_type__app_label="retention", codename__in=OFFICER_PERMISSIONS)
    missing = set(OFFICER_PERMISSIONS) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Permissions missing: {sorted(missing)}")
    group.permissions.add(*permissions)


def unseed(apps, schema_editor):
    apps.get_model("retention", "RetentionRule").objects.filter(record_type__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0001_retention_schedule_reviews_holds_certificates"),
        ("portal", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
