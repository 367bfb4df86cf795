"""The choices information governance and the workflows share: the Appendix 1 answers, the purposes
information is shared for, and the categories of information. Importable from `sharing.models` too."""

from django.db import models


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNSURE = "unsure", "Not sure"


class Purpose(models.TextChoices):
    """What information is shared for. Consent is given for a purpose; decisions name one."""

    SAFEGUARDING = "safeguarding", "Safeguarding and protecting the child"
    MAST_REFERRAL = "mast_referral", "A referral to MAST"
    CIN_TRANSFER = "cin_transfer", "Moving a Child in Need case to another authority"
    EARLY_HELP = "early_help", "Early help and Early Intervention plans"
    HEALTH_CARE = "health_care", "Health care"
    EDUCATION = "education", "Education and school support"
    OTHER = "other", "Another purpose"


class InformationCategory(models.TextChoices):
    IDENTITY = "identity", "Identity and contact details"
    FAMILY = "family", "Family and household"
    HEALTH = "health", "Health (special category)"
    EDUCATION = "education", "Education"
    SOCIAL_CARE = "social_care", "Social care history and plans"
    CRIMINAL = "criminal", "Criminal offence data"
    ETHNICITY_RELIGION = "ethnicity_religion", "Ethnicity, religion or beliefs (special category)"
    SEXUAL_LIFE = "sexual_life", "Sex life or sexual orientation (special category)"

    @classmethod
    def special_category(cls) -> set[str]:
        return {cls.HEALTH, cls.ETHNICITY_RELIGION, cls.SEXUAL_LIFE}


# --- The Children's Wellbeing and Schools Act 2026 (issue 16) ---------------------------------------


class StatutoryDuty(models.TextChoices):
    """The statutory duty a decision to share relies on, where one applies."""

    CHILDREN_ACT_2004_S16LA = (
        "children_act_2004_s16la",
        "Children Act 2004 s16LA: the duty to share information relevant to a child's welfare or safeguarding",
    )


class IdentifierOmitted(models.TextChoices):
    """Why a record about a child leaves out the consistent identifier (the NHS number, s16LC)."""

    UNKNOWN_UNREASONABLE_DELAY = (
        "unknown_unreasonable_delay",
        "The NHS number is not known, and finding it would cause unreasonable delay",
    )
    MORE_DETRIMENTAL = "more_detrimental", "Including the NHS number would be more detrimental to the child"


class SharedItemNature(models.TextChoices):
    """Each item of what was shared is a fact or an opinion, kept apart."""

    FACT = "fact", "Fact"
    OPINION = "opinion", "Opinion"


__all__ = ["Answer", "IdentifierOmitted", "InformationCategory", "Purpose", "SharedItemNature", "StatutoryDuty"]
