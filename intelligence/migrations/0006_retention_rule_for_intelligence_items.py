"""The retention schedule's starting rule for exploitation intelligence (issue 17), editable in the
admin by the lead information officer: an item is reviewed six years after its last activity (for a
closed item, the decision to share it with the police or to take no further action)."""

from django.db import migrations

RECORD_TYPE = "intelligence.item"
BASIS = (
    "Exploitation intelligence is kept for six years after the last activity on it (the decision to share "
    "it with the police or to take no further action), then reviewed: long enough to show a pattern "
    "across submissions and to answer for what was done with it (limitation, inquiries), and no longer "
    "(data protection principle (e)). A live concern about a child is a legal hold."
)


def seed(apps, schema_editor):
    apps.get_model("retention", "RetentionRule").objects.get_or_create(
        record_type=RECORD_TYPE, defaults={"trigger": "last_activity", "years": 6, "basis": BASIS}
    )


def unseed(apps, schema_editor):
    apps.get_model("retention", "RetentionRule").objects.filter(record_type=RECORD_TYPE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intelligence", "0005_free_text_people_become_individuals"),
        ("retention", "0002_retention_schedule_and_officer_permissions"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
