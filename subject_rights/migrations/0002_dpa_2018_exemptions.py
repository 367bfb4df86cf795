"""The DPA 2018 Schedule 2–4 exemptions from the right of access an officer may rely on when
withholding or redacting (reference data, editable in the admin)."""

from django.db import migrations

EXEMPTIONS = [
    ("crime-and-taxation", 2, "Schedule 2, Part 1, para 2", "Crime and taxation: prevention or detection of crime"),
    (
        "legal-proceedings",
        2,
        "Schedule 2, Part 1, para 5",
        "Disclosure required by law or in connection with legal proceedings",
    ),
    ("functions-protecting-public", 2, "Schedule 2, Part 2, para 7", "Functions designed to protect the public"),
    (
        "rights-of-others",
        2,
        "Schedule 2, Part 3, para 16",
        "Protection of the rights of others (third-party information)",
    ),
    ("legal-professional-privilege", 2, "Schedule 2, Part 4, para 19", "Legal professional privilege"),
    ("self-incrimination", 2, "Schedule 2, Part 4, para 20", "Self-incrimination"),
    ("confidential-references", 2, "Schedule 2, Part 4, para 24", "Confidential references"),
    ("management-forecasts", 2, "Schedule 2, Part 4, para 22", "Management forecasts"),
    ("negotiations", 2, "Schedule 2, Part 4, para 23", "Negotiations with the requester"),
    (
        "health-serious-harm",
        3,
        "Schedule 3, Part 2, para 5",
        "Health data: serious harm to the physical or mental health of any individual",
    ),
    (
        "social-work-serious-harm",
        3,
        "Schedule 3, Part 3, para 10",
        "Social work data: serious harm to the physical or mental health of any individual",
    ),
    (
        "social-work-expectations",
        3,
        "Schedule 3, Part 3, para 11",
        "Social work data requested on behalf of a child: the child's expectations or wishes",
    ),
    (
        "education-serious-harm",
        3,
        "Schedule 3, Part 4, para 19",
        "Education data: serious harm to the physical or mental health of any individual",
    ),
    ("child-abuse-data", 3, "Schedule 3, Part 5, para 21", "Child abuse data: not in the best interests of the child"),
    ("adoption-records", 4, "Schedule 4, para 3", "Adoption records and reports"),
    ("special-educational-needs", 4, "Schedule 4, para 5", "Statements and records of special educational needs"),
    ("parental-order-records", 4, "Schedule 4, para 4", "Parental order records and reports"),
]


def seed(apps, schema_editor):
    Exemption = apps.get_model("subject_rights", "Exemption")
    for code, schedule, reference, title in EXEMPTIONS:
        Exemption.objects.update_or_create(
            code=code, defaults={"schedule": schedule, "reference": reference, "title": title, "active": True}
        )


def unseed(apps, schema_editor):
    apps.get_model("subject_rights", "Exemption").objects.filter(code__in=[e[0] for e in EXEMPTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("subject_rights", "0001_subject_access_rectification_restriction")]

    operations = [migrations.RunPython(seed, unseed)]
