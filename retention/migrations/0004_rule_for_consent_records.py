"""The starting rule for consent records (the family's agreement or refusal to share, to a referral,
an Early Intervention move or a CIN transfer), editable in the admin by the lead information officer."""

from django.db import migrations

RULES = [
    (
        "sharing.consent",
        "date_of_birth",
        25,
        "A record of consent to share (given, refused, withdrawn or not sought, with the reasons) is part of the "
        "child's case record and the evidence for the sharing it allowed, so it is kept until the child's 25th "
        "birthday, then reviewed; never while a draft, open work or access given on it still relies on it.",
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
    dependencies = [("retention", "0003_rules_for_transfer_requests_and_the_access_log")]

    operations = [migrations.RunPython(seed, unseed)]
