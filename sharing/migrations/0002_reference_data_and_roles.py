"""Seed legal gateways and lawful bases (editable in the admin afterwards), and give the role
groups their information-governance permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LEGAL_GATEWAYS = [
    ("Care Act 2014 s1", "The general duty to promote individual well-being."),
    ("Care Act 2014 s3", "Promoting integration of care and support with health services."),
    ("Childcare Act 2006 s1", "Duty to improve the well-being of young children."),
    ("Children (Leaving Care) Act 2000", "Support for young people leaving care."),
    ("Children Act 1989", "Duties to children in need (s17) and enquiries about significant harm (s47)."),
    ("Children Act 2004 s10", "Co-operation to improve the well-being of children."),
    ("Children Act 2004 s11", "Arrangements to safeguard and promote the welfare of children."),
    ("Children and Families Act 2014", "Special educational needs and disability, and family support."),
    ("Crime and Disorder Act 1998 s17", "Duty to consider crime and disorder implications."),
    ("Crime and Disorder Act 1998 s37", "Preventing offending by children and young people."),
    ("Crime and Disorder Act 1998 s115", "Power to disclose information to prevent crime and disorder."),
    ("Criminal Justice Act 2003 s325", "Multi-Agency Public Protection Arrangements (MAPPA)."),
    ("Digital Economy Act 2017 Part 5", "Sharing for public service delivery, including multiple disadvantage."),
    ("Education Act 2002", "Safeguarding duties of schools and local authorities (s175)."),
    ("Localism Act 2011", "The general power of competence."),
    ("Welfare Reform Act 2012 s131", "Sharing to support the Troubled Families programme."),
]

LAWFUL_BASES = [
    ("article_6", "6(1)(a)", "Consent", True),
    ("article_6", "6(1)(b)", "Contract", False),
    ("article_6", "6(1)(c)", "Legal obligation", False),
    ("article_6", "6(1)(d)", "Vital interests", False),
    ("article_6", "6(1)(e)", "Public task", False),
    ("article_6", "6(1)(f)", "Legitimate interests (not for public authorities' official tasks)", False),
    ("article_9", "9(2)(a)", "Explicit consent", True),
    ("article_9", "9(2)(b)", "Employment, social security and social protection law", False),
    ("article_9", "9(2)(c)", "Vital interests", False),
    ("article_9", "9(2)(g)", "Reasons of substantial public interest", False),
    ("article_9", "9(2)(h)", "Health or social care", False),
    ("article_9", "9(2)(i)", "Public health", False),
    ("article_9", "9(2)(j)", "Archiving, research and statistics", False),
    ("schedule_1", "DPA 2018 Sch 1 para 18", "Safeguarding of children and of individuals at risk", False),
]

ROLE_PERMISSIONS = {
    "practitioner": [
        "view_consentrecord",
        "add_consentrecord",
        "change_consentrecord",
        "view_sharingdecision",
        "add_sharingdecision",
        "change_sharingdecision",
        "view_privacynotice",
        "change_privacynotice",
        "view_sharingagreement",
        "view_legalgateway",
        "view_lawfulbasis",
    ],
    "mast_screener": [
        "view_consentrecord",
        "add_consentrecord",
        "change_consentrecord",
        "view_sharingdecision",
        "add_sharingdecision",
        "change_sharingdecision",
        "view_privacynotice",
        "change_privacynotice",
        "view_sharingagreement",
        "view_legalgateway",
        "view_lawfulbasis",
    ],
    "team_manager": [
        "view_consentrecord",
        "add_consentrecord",
        "change_consentrecord",
        "view_sharingdecision",
        "add_sharingdecision",
        "change_sharingdecision",
        "view_privacynotice",
        "change_privacynotice",
        "view_sharingagreement",
        "view_legalgateway",
        "view_lawfulbasis",
    ],
    "caldicott_guardian": [
        "view_consentrecord",
        "view_sharingdecision",
        "record_advice",
        "view_privacynotice",
        "change_privacynotice",
        "view_sharingagreement",
        "add_sharingagreement",
        "change_sharingagreement",
        "view_legalgateway",
        "view_lawfulbasis",
    ],
    "lead_information_officer": [
        "view_consentrecord",
        "view_sharingdecision",
        "record_advice",
        "view_privacynotice",
        "change_privacynotice",
        "view_sharingagreement",
        "add_sharingagreement",
        "change_sharingagreement",
        "view_legalgateway",
        "view_lawfulbasis",
    ],
}


def seed(apps, schema_editor):
    LegalGateway = apps.get_model("sharing", "LegalGateway")
    LawfulBasis = apps.get_model("sharing", "LawfulBasis")
    for name, description in LEGAL_GATEWAYS:
        LegalGateway.objects.get_or_create(name=name, defaults={"description": description})
    for kind, code, name, is_consent in LAWFUL_BASES:
        LawfulBasis.objects.get_or_create(code=code, defaults={"kind": kind, "name": name, "is_consent": is_consent})

    app_config = apps.get_app_config("sharing")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = Permission.objects.filter(content_type__app_label="sharing", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for role {role}: {sorted(missing)}")
        group.permissions.add(*permissions)


def unseed(apps, schema_editor):
    apps.get_model("sharing", "LegalGateway").objects.all().delete()
    apps.get_model("sharing", "LawfulBasis").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0001_initial"),
        ("portal", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
