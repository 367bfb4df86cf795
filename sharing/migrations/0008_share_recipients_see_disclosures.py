"""Proportionate sharing (issue 13): a share's named recipient now sees the disclosure (what was shared
with them), not the child's record. Access given before this change as "view the record" on the strength
of a sharing decision becomes access to the disclosure, and the record permission it opened goes unless
another basis in force still needs it."""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone


def recipients_see_disclosures(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ChildAccessGrant = apps.get_model("portal", "ChildAccessGrant")
    ChildUserObjectPermission = apps.get_model("portal", "ChildUserObjectPermission")
    decision_type = ContentType.objects.filter(app_label="sharing", model="sharingdecision").first()
    if decision_type is None:
        return
    now = timezone.now()
    in_force = Q(revoked_at__isnull=True) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    shares = ChildAccessGrant.objects.filter(in_force, source_type=decision_type, level="view", user__isnull=False)
    affected = set()
    for grant in shares:
        grant.level = "shared"
        grant.save(update_fields=["level"])
        affected.add((grant.child_id, grant.user_id))
    for child_id, user_id in affected:
        levels = set(
            ChildAccessGrant.objects.filter(in_force, child_id=child_id, user_id=user_id).values_list(
                "level", flat=True
            )
        )
        gone = set()
        if not levels & {"view", "edit"}:
            gone.add("view_child")
        if "edit" not in levels:
            gone.add("change_child")
        ChildUserObjectPermission.objects.filter(
            content_object_id=child_id, user_id=user_id, permission__codename__in=gone
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0007_merge_consent_capacity"),
        ("portal", "0009_grant_level_shared_disclosure"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(recipients_see_disclosures, migrations.RunPython.noop)]
