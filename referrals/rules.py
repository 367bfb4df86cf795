"""Pure rules of a MAST referral: what is still unanswered, and how the consent decision becomes an
Appendix 1 sharing decision with its lawful basis. No database: they read a referral's own fields.
"""

from dataclasses import dataclass
from datetime import date

from sharing import rules as sharing_rules
from sharing.models import ConsentRecord, InformationCategory

SECTIONS = ("child", "concern", "family", "consent")
SECTION_TITLES = {
    "child": "The child",
    "concern": "Your concern",
    "family": "The child's and family's views",
    "consent": "Agreement to the referral",
}

GIVEN = ConsentRecord.Status.GIVEN.value
REFUSED = ConsentRecord.Status.REFUSED.value
NOT_SOUGHT = ConsentRecord.Status.NOT_SOUGHT.value
SOUGHT = (GIVEN, REFUSED)

# Public task is the lawful basis whether or not the family agreed: a local authority's safeguarding
# duties do not rest on consent, and consent withdrawn later must not undo a referral already made.
# Special category data (health, for one) in a safeguarding referral: substantial public interest,
# with the DPA 2018 Schedule 1 condition "safeguarding of children and of individuals at risk".
ARTICLE_6_PUBLIC_TASK = sharing_rules.ARTICLE_6_PUBLIC_TASK
ARTICLE_9_SUBSTANTIAL_PUBLIC_INTEREST = sharing_rules.ARTICLE_9_SUBSTANTIAL_PUBLIC_INTEREST
SCHEDULE_1_SAFEGUARDING = sharing_rules.SCHEDULE_1_SAFEGUARDING
LEGAL_GATEWAY = sharing_rules.CHILDREN_ACT_1989


# The consent rules in the consent step's words, and the question each answer is on the page.
CONSENT_WORDING = sharing_rules.ConsentWording(
    status="Say whether you sought agreement to the referral",
    given_by="Say whose agreement you sought or would seek",
    given_by_person="Name the parent or carer with parental responsibility",
    decided_on="Enter the date of the decision",
    decided_on_future="The date of the decision must be today or in the past",
    method="Say how they agreed or refused",
    not_sought_reason="Choose why you did not seek agreement",
    explanation="Explain why you did not seek agreement",
    capacity_reason="Say why you judge the child able to decide for themselves (Gillick competence)",
)
CONSENT_FIELD_OF = {
    "status": "consent_decision",
    "given_by": "consent_from",
    "given_by_person": "consent_from",
    "decided_on": "consent_decided_on",
    "method": "consent_method",
    "not_sought_reason": "consent_not_sought_reason",
    "explanation": "consent_explanation",
    "capacity_reason": "consent_capacity_reason",
}

NHS_NUMBER = "nhs_number"
NAME_AND_DATE_OF_BIRTH = "name_and_date_of_birth"


@dataclass(frozen=True)
class ChildIdentity:
    """The identifying details a referrer typed about a child: an NHS number (normalised, ten
    digits), and / or a first name, last name and date of birth."""

    nhs_number: str = ""
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None

    @property
    def has_full_name_and_date_of_birth(self) -> bool:
        return bool(self.first_name.strip() and self.last_name.strip() and self.date_of_birth)


def given_identity(referral) -> ChildIdentity:
    """The details the referrer typed to identify a record they do not work on, as kept on the referral."""
    return ChildIdentity(
        nhs_number=referral.child_given_nhs_number,
        first_name=referral.child_given_first_name,
        last_name=referral.child_given_last_name,
        date_of_birth=referral.child_given_date_of_birth,
    )


def identity_match(child, identity: ChildIdentity) -> str:
    """How the typed details identify the child's record exactly: "nhs_number", or
    "name_and_date_of_birth", or "" when they do not. Nothing partial. A name and date of birth do not
    match a record whose NHS number differs from the one typed: that is another child."""
    if identity.nhs_number and child.nhs_number == identity.nhs_number:
        return NHS_NUMBER
    if identity.nhs_number and child.nhs_number:
        return ""
    if (
        identity.has_full_name_and_date_of_birth
        and child.date_of_birth == identity.date_of_birth
        and child.first_name.strip().casefold() == identity.first_name.strip().casefold()
        and child.last_name.strip().casefold() == identity.last_name.strip().casefold()
    ):
        return NAME_AND_DATE_OF_BIRTH
    return ""


@dataclass(frozen=True)
class Problem:
    section: str
    field: str
    message: str


def missing_answers(referral, *, today: date, identifier_in_force: bool = False) -> list[Problem]:
    """Everything a referral still needs before it can be sent, in the order of the form. Once the
    consistent identifier duty is in force (`identifier_in_force`, s16LC), a referral about a child
    with no NHS number says why it goes without one (asked with the concern)."""
    problems: list[Problem] = []

    def need(condition: bool, section: str, field: str, message: str) -> None:
        if not condition:
            problems.append(Problem(section, field, message))

    need(referral.child_id is not None, "child", "child", "Choose or record the child you are referring")

    need(bool(referral.concern_categories), "concern", "concern_categories", "Choose at least one kind of concern")
    need(bool(referral.what_happened.strip()), "concern", "what_happened", "Say what happened: the facts")
    need(bool(referral.referrer_view.strip()), "concern", "referrer_view", "Say what you think: your opinion")
    need(referral.urgency is not None, "concern", "urgency", "Choose how urgent the referral is")
    need(
        bool(referral.information_categories),
        "concern",
        "information_categories",
        "Choose the kinds of information your referral includes",
    )
    need(
        bool(getattr(referral, "sharing_reasons", "").strip()),
        "concern",
        "sharing_reasons",
        "Say why you are sharing this information with MAST",
    )

    if identifier_in_force and referral.child_id is not None:
        identifier = sharing_rules.identifier_problems(
            known_nhs_number=getattr(referral, "known_nhs_number", ""),
            omitted_reason=getattr(referral, "identifier_omitted_reason", ""),
            explanation=getattr(referral, "identifier_omitted_explanation", ""),
            in_force=True,
        )
        for name, message in identifier.items():
            problems.append(Problem("concern", name, message))

    need(bool(referral.child_views.strip()), "family", "child_views", "Give the child's views, or say why you cannot")
    need(
        bool(referral.family_views.strip()), "family", "family_views", "Give the family's views, or say why you cannot"
    )
    need(referral.family_told is not None, "family", "family_told", "Say whether the family has been told")
    if referral.family_told is True:
        need(
            bool(referral.family_told_detail.strip()),
            "family",
            "family_told_detail",
            "Say what the family has been told",
        )
    if referral.family_told is False:
        need(
            bool(referral.family_not_told_reason),
            "family",
            "family_not_told_reason",
            "Say why the family has not been told",
        )

    # The consent answers, by the shared rules of a consent answer, in the referral's words.
    named = getattr(referral, "child_is_matched", False) and all(
        getattr(referral, name, "")
        for name in (
            "consent_person_first_name",
            "consent_person_last_name",
            "consent_person_kind",
            "consent_person_source",
        )
    )
    child = getattr(referral, "child", None)
    consent = sharing_rules.consent_problems(
        referral.consent_answers,
        today=today,
        wording=CONSENT_WORDING,
        person_named=named,
        child_born=getattr(child, "date_of_birth", None),
    )
    for name, message in consent.items():
        problems.append(Problem("consent", CONSENT_FIELD_OF[name], message))
    return problems


def sections_complete(problems: list[Problem]) -> dict[str, bool]:
    incomplete = {p.section for p in problems}
    return {section: section not in incomplete for section in SECTIONS}


def first_incomplete_section(problems: list[Problem]) -> str | None:
    return problems[0].section if problems else None


def sharing_answers(consent_decision: str) -> dict[str, str]:
    """The Appendix 1 answers a referral gives (DESIGN §11).

    With agreement: a legitimate purpose, and consent. Refused or not sought: a legitimate purpose,
    no consent, the information identifies the child, and there is a lawful reason to share without
    consent: reasonable cause to suspect significant harm (Children Act 1989 s47)."""
    if consent_decision == GIVEN:
        return {"purpose": "yes", "consent": "yes"}
    return {"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"}


@dataclass(frozen=True)
class LawfulBasisCodes:
    article_6: str
    article_9: str | None
    schedule_1: str | None
    legal_gateway: str


def lawful_basis_codes(information_categories: list[str]) -> LawfulBasisCodes:
    special = bool(set(information_categories) & InformationCategory.special_category())
    criminal = InformationCategory.CRIMINAL in information_categories
    return LawfulBasisCodes(
        article_6=ARTICLE_6_PUBLIC_TASK,
        article_9=ARTICLE_9_SUBSTANTIAL_PUBLIC_INTEREST if special else None,
        schedule_1=SCHEDULE_1_SAFEGUARDING if special or criminal else None,
        legal_gateway=LEGAL_GATEWAY,
    )


def decision_reasons(
    *, why: str, consent_decision: str, not_sought_reason: str = "", explanation: str = "", urgency: str = ""
) -> str:
    """The reasons recorded with the sharing decision (the seventh golden rule): the referrer's own
    words on why they share, then what happened to consent with their own reasons."""
    if consent_decision == GIVEN:
        consent = "The family agreed to the referral."
    elif consent_decision == REFUSED:
        consent = "The family refused agreement."
    else:
        label = dict(ConsentRecord.NotSoughtReason.choices).get(not_sought_reason, not_sought_reason)
        consent = f"Agreement was not sought: {label.lower()}."
    if consent_decision != GIVEN and explanation.strip():
        consent += f" {explanation.strip()}"
    reason = f"{why.strip()}\n\n{consent}"
    if urgency:
        reason += f" Urgency: {urgency}."
    return reason


# Screening hands the child on (issue 13): the team kind that takes the child, and the level of need.
# "cin" and "early_help" are portal.models.Team.Kind values; 3, 4, 5 are portal.models.Tier values.
HAND_ON: dict[str, tuple[str, int]] = {
    "cin_assessment": ("cin", 4),
    "strategy_discussion": ("cin", 5),
    "early_help": ("early_help", 3),
}

# What the referrer is told happens next, for the outcomes that hand the child to nobody.
NEXT_FOR_REFERRER = {
    "no_further_action": (
        "Children's social care will take no further action. Keep supporting the child in your role, and "
        "refer again if your concerns grow."
    ),
    "information_and_advice": (
        "MAST has given information and advice rather than opening an assessment. Sign in to read it, keep "
        "supporting the child in your role, and refer again if your concerns grow."
    ),
}
