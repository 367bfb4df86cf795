"""The adults of concern, other young people and online accounts submitters described in free text
become counted people (`Individual`), once per authority and kind by their normalised name, linked to
the submitted items that named them. Drafts are left to their submitters. Going back removes the
links and people this made (the free-text subjects were never changed)."""

from django.db import migrations

from intelligence.rules import person_key

KINDS = ("adult", "young_person", "online_account")


def forwards(apps, schema_editor):
    Subject = apps.get_model("intelligence", "Subject")
    Individual = apps.get_model("intelligence", "Individual")
    ItemIndividual = apps.get_model("intelligence", "ItemIndividual")
    subjects = (
        Subject.objects.filter(kind__in=KINDS)
        .exclude(item__state="draft")
        .select_related("item")
        .order_by("item__submitted_at", "pk")
    )
    people: dict[tuple[int, str, str], object] = {}
    for subject in subjects.iterator():
        key = person_key(subject.kind, subject.description)
        if not key:
            continue
        found = (subject.item.authority_id, subject.kind, key)
        if found not in people:
            people[found] = Individual.objects.get_or_create(
                authority_id=found[0], kind=found[1], key=key, defaults={"name": subject.description.strip()[:200]}
            )[0]
        ItemIndividual.objects.get_or_create(
            item_id=subject.item_id,
            individual=people[found],
            defaults={"linked_by_id": subject.item.submitted_by_id, "linked_at": subject.item.submitted_at},
        )


def backwards(apps, schema_editor):
    apps.get_model("intelligence", "ItemIndividual").objects.all().delete()
    apps.get_model("intelligence", "Individual").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("intelligence", "0004_individuals_counted_once")]

    operations = [migrations.RunPython(forwards, backwards)]
