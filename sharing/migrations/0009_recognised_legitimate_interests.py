"""Seed the "recognised legitimate interests" the Data (Use and Access) Act 2025 adds to UK GDPR
Article 6 (Article 6(1)(ea) and Annex 1), among them safeguarding vulnerable individuals, as Article 6
lawful bases beside the existing ones (editable in the admin afterwards)."""

from django.db import migrations

RECOGNISED_LEGITIMATE_INTERESTS = [
    (
        "6(1)(ea) safeguarding",
        "Recognised legitimate interest: safeguarding vulnerable individuals",
        "UK GDPR Article 6(1)(ea) and Annex 1 (Data (Use and Access) Act 2025). The safeguarding condition: the "
        "processing is necessary to protect a vulnerable individual (a child, or an adult at risk) from neglect or "
        "physical, mental or emotional harm, or to protect their physical, mental or emotional well-being. No "
        "balancing test is needed.",
    ),
    (
        "6(1)(ea) crime",
        "Recognised legitimate interest: detecting, investigating or preventing crime",
        "UK GDPR Article 6(1)(ea) and Annex 1 (Data (Use and Access) Act 2025): the processing is necessary for "
        "detecting, investigating or preventing crime, or apprehending or prosecuting offenders.",
    ),
    (
        "6(1)(ea) emergencies",
        "Recognised legitimate interest: responding to an emergency",
        "UK GDPR Article 6(1)(ea) and Annex 1 (Data (Use and Access) Act 2025): the processing is necessary for "
        "the purposes of responding to an emergency.",
    ),
]


def seed(apps, schema_editor):
    LawfulBasis = apps.get_model("sharing", "LawfulBasis")
    for code, name, description in RECOGNISED_LEGITIMATE_INTERESTS:
        LawfulBasis.objects.get_or_create(
            code=code, defaults={"kind": "article_6", "name": name, "description": description, "is_consent": False}
        )


def unseed(apps, schema_editor):
    LawfulBasis = apps.get_model("sharing", "LawfulBasis")
    LawfulBasis.objects.filter(code__in=[code for code, _, _ in RECOGNISED_LEGITIMATE_INTERESTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("sharing", "0008_duty_to_share_identifier_and_items")]

    operations = [migrations.RunPython(seed, unseed)]
