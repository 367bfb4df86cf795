"""Starting rules for two more types of record (editable in the admin by the lead information
officer): the requests between authorities to transfer a Child in Need case, and the access log."""

from django.db import migrations

RULES = [
    (
        "transfers.transfer_request",
        "closure",
        6,
        "A request from another authority to transfer a Child in Need case, with what it said of the child, "
        "is kept for six years after it was answered, then reviewed: a referral it led to keeps the case "
        "record itself (until the child's 25th birthday); a refusal is kept as long as a MAST contact that "
        "led to no further action.",
    ),
    (
        "portal.access_event",
        "closure",
        6,
        "An entry in the access log (who opened a child's record, when and why) is kept for six years from "
        "the event, then reviewed: long enough for audits, a complaint to the ICO and a claim within the "
        "Limitation Act's six years. Count from the child's date of birth instead (25 years) to keep it as "
        "long as the child's record.",
    ),
]


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("retention", "RetentionRule")
    for record_type, trigger, years, basis in RULES:
        RetentionRule.objects.get_or_create(
            record_type=record_type, defaults={"trigger": trigger, "years": years, "basis": basis}
        )


def unseed(apps, schema_editor):
    apps.get_model("retention", "RetentionRule").objects.filter(record_type__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("retention", "0002_retention_schedule_and_officer_permissions")]

    operations = [migrations.RunPython(seed, unseed)]
