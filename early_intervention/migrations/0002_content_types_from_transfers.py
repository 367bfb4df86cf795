"""The Early Intervention models' content types move from `transfers` to `early_intervention`, keeping
their ids, so everything that points at them follows: their permissions (and with them the role
groups and users holding them), guardian's object permissions, escalations and access grants about
moves, the admin log.

Django makes any missing content types and permissions after every `migrate`: had the new ones been
made already (say `migrate early_intervention 0001` was run on its own first), each is merged into
the old one (what points at it is repointed, then it is deleted) before the old one is renamed.
"""

from django.db import IntegrityError, migrations, transaction

MODELS = [
    "earlyinterventionmove",
    "earlyinterventionmoveuserobjectpermission",
    "earlyinterventionmovegroupobjectpermission",
    "earlyinterventionagency",
    "multiagencymeeting",
    "meetingattendance",
    "agreedplanitem",
    "agencyrecordscheck",
    "historicalearlyinterventionmove",
    "historicalearlyinterventionmoveuserobjectpermission",
    "historicalearlyinterventionmovegroupobjectpermission",
    "historicalearlyinterventionagency",
    "historicalmultiagencymeeting",
    "historicalmeetingattendance",
    "historicalagreedplanitem",
    "historicalagencyrecordscheck",
]


def _foreign_keys_to(apps, target):
    """Every (model, field) in the migration state with a foreign key to `target`: many-to-many
    tables (a group's permissions) and history tables included."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.local_fields:
            if field.is_relation and field.related_model is target:
                yield model, field


def _repoint(apps, target, *, source, into) -> None:
    """Whatever points at `source` points at `into` instead. A row that would then repeat one that
    points at `into` already (a group holding both copies of a permission) is the same fact: it goes."""
    for model, field in _foreign_keys_to(apps, target):
        rows = model._base_manager.filter(**{field.attname: source.pk})
        for pk in list(rows.values_list("pk", flat=True)):
            try:
                with transaction.atomic():
                    model._base_manager.filter(pk=pk).update(**{field.attname: into.pk})
            except IntegrityError:
                model._base_manager.filter(pk=pk).delete()


def _merge(apps, *, duplicate, into) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type=duplicate):
        kept = Permission.objects.filter(content_type=into, codename=permission.codename).first()
        if kept is None:
            permission.content_type = into
            permission.save(update_fields=["content_type"])
        else:
            _repoint(apps, Permission, source=permission, into=kept)
            permission.delete()
    _repoint(apps, ContentType, source=duplicate, into=into)
    duplicate.delete()


def _move(apps, *, from_label: str, to_label: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        content_type = ContentType.objects.filter(app_label=from_label, model=model).first()
        if content_type is None:
            continue  # never made: Django makes it under the new label after the migration
        duplicate = ContentType.objects.filter(app_label=to_label, model=model).first()
        if duplicate is not None:
            _merge(apps, duplicate=duplicate, into=content_type)
        content_type.app_label = to_label
        content_type.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor) -> None:
    _move(apps, from_label="transfers", to_label="early_intervention")


def backwards(apps, schema_editor) -> None:
    _move(apps, from_label="early_intervention", to_label="transfers")


class Migration(migrations.Migration):
    dependencies = [
        ("early_intervention", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("guardian", "0001_initial"),
        ("portal", "0003_escalation_actions"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
