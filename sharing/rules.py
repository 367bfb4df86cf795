"""The Appendix 1 decision flow as a pure function (DESIGN §11), and the rules of a consent answer
that every workflow asking about consent shares. No database."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

Answer = Literal["yes", "no", "unsure"]
ANSWERS: tuple[Answer, ...] = ("yes", "no", "unsure")
Outcome = Literal["share", "do_not_share", "seek_advice"]

SHARE: Outcome = "share"
DO_NOT_SHARE: Outcome = "do_not_share"
SEEK_ADVICE: Outcome = "seek_advice"

QUESTIONS = ("purpose", "consent", "identifiable", "lawful_without_consent")


def decide(
    purpose: Answer,
    consent: Answer | None = None,
    identifiable: Answer | None = None,
    lawful_without_consent: Answer | None = None,
) -> Outcome | None:
    """Walk the questions in order. Returns None while an answer the flow needs is missing.

    1. Clear and legitimate purpose? unsure -> seek advice; no and no consent -> do not share;
       no but consent yes -> continue at 2 (the guidance stops only when there is neither); yes -> 2.
    2. Consent to share? yes -> share; unsure -> seek advice; no -> 3.
    3. Does the information identify an individual? no -> share; unsure -> seek advice; yes -> 4.
    4. Lawful reason to share without consent? yes -> share; no -> do not share; unsure -> seek advice.
    """
    if purpose == "unsure":
        return SEEK_ADVICE
    if consent is None:
        return None
    if purpose == "no" and consent != "yes":
        # Without a legitimate purpose, only consent lets the flow go on.
        return DO_NOT_SHARE
    if consent == "yes":
        return SHARE
    if consent == "unsure":
        return SEEK_ADVICE
    if identifiable is None:
        return None
    if identifiable == "no":
        return SHARE
    if identifiable == "unsure":
        return SEEK_ADVICE
    if lawful_without_consent is None:
        return None
    return {"yes": SHARE, "no": DO_NOT_SHARE, "unsure": SEEK_ADVICE}[lawful_without_consent]


def as_answer(value: str | None) -> Answer | None:
    """A stored or submitted answer as one the flow knows; None when unanswered (or not an answer)."""
    for answer in ANSWERS:
        if value == answer:
            return answer
    return None


def outcome(answers: Mapping[str, str | None]) -> Outcome | None:
    """`decide` over answers keyed by question (as a decision stores them); None until the first is answered."""
    purpose = as_answer(answers.get("purpose"))
    if purpose is None:
        return None
    return decide(
        purpose,
        as_answer(answers.get("consent")),
        as_answer(answers.get("identifiable")),
        as_answer(answers.get("lawful_without_consent")),
    )


def questions_reached(answers: Mapping[str, str | None]) -> list[str]:
    """The questions the flow asks for these answers, in order, up to the first unanswered one or
    the one that settles the outcome."""
    reached: list[str] = []
    for question in QUESTIONS:
        reached.append(question)
        if answers.get(question) is None:
            break
        if outcome({q: answers.get(q) for q in reached}) is not None:
            break
    return reached


def next_question(answers: Mapping[str, str | None]) -> str | None:
    """The next question to ask, or None once the answers reach an outcome."""
    for question in questions_reached(answers):
        if answers.get(question) is None:
            return question
    return None


# --- The seeded reference data the workflows rely on (codes and names, as sharing's migration seeds them)

ARTICLE_6_CONSENT = "6(1)(a)"
ARTICLE_6_PUBLIC_TASK = "6(1)(e)"
ARTICLE_9_EXPLICIT_CONSENT = "9(2)(a)"
ARTICLE_9_SUBSTANTIAL_PUBLIC_INTEREST = "9(2)(g)"
SCHEDULE_1_SAFEGUARDING = "DPA 2018 Sch 1 para 18"
CHILDREN_ACT_1989 = "Children Act 1989"
CHILDREN_ACT_2004_S10 = "Children Act 2004 s10"


# --- Consent answers: sought and given / sought and refused / not sought and why ------------------

GIVEN = "given"
REFUSED = "refused"
NOT_SOUGHT = "not_sought"
WITHDRAWN = "withdrawn"
SOUGHT = (GIVEN, REFUSED)
CHILD = "child"
PARENTAL_RESPONSIBILITY = "parental_responsibility"
# A child decides for themselves with capacity: presumed from 16; under 16 only with a practitioner's
# recorded judgement of Gillick competence and its reason; never under 8 (the portal's line: a child
# that young is not offered as the one agreeing).
YOUNGEST_TO_DECIDE = 8
CAPACITY_PRESUMED_FROM = 16
GILLICK_COMPETENT = "gillick_competent"
CAPACITY_PRESUMED = "presumed"


def age_on(born: date | None, on: date) -> int | None:
    """Age in whole years on a day; None when the date of birth is not known (or is later)."""
    if born is None or born > on:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def may_decide_for_themselves(born: date | None, on: date) -> bool:
    """Whether a child of this age may be offered as the one deciding (with a capacity judgement)."""
    age = age_on(born, on)
    return age is None or age >= YOUNGEST_TO_DECIDE


def capacity_of(born: date | None, on: date, reason: str) -> str:
    """The capacity recorded with a child's own decision: presumed from 16, Gillick competence when
    a practitioner recorded their reason, otherwise none."""
    age = age_on(born, on)
    if age is not None and age >= CAPACITY_PRESUMED_FROM:
        return CAPACITY_PRESUMED
    return GILLICK_COMPETENT if reason.strip() else ""


@dataclass(frozen=True)
class ConsentAnswers:
    """What a workflow (a MAST referral, a CIN transfer, an Early Intervention move, sharing itself)
    says about consent, answered or not yet: the values of a `ConsentRecord` (`of`)."""

    status: str = ""
    given_by: str = ""
    given_by_person_id: int | None = None
    method: str = ""
    decided_on: date | None = None
    not_sought_reason: str = ""
    explanation: str = ""
    capacity_reason: str = ""

    @classmethod
    def of(cls, record: Any) -> "ConsentAnswers":
        """The answers a consent record (or a draft of one) holds; none when there is no record."""
        if record is None:
            return cls()
        return cls(
            status=record.status or "",
            given_by=record.given_by or "",
            given_by_person_id=record.given_by_person_id,
            method=record.method or "",
            decided_on=record.decided_on,
            not_sought_reason=record.not_sought_reason or "",
            explanation=record.explanation or "",
            capacity_reason=getattr(record, "capacity_reason", "") or "",
        )

    @property
    def sought(self) -> bool:
        return self.status in SOUGHT

    def tidy(self) -> "ConsentAnswers":
        """Without the answers that no longer apply (a method when not sought, a reason when sought,
        a person when the child decided), so nothing hidden is ever recorded."""
        answers = self
        if answers.status == NOT_SOUGHT:
            answers = replace(answers, method="")
        elif answers.status:
            answers = replace(answers, not_sought_reason="")
        if answers.given_by == CHILD:
            answers = replace(answers, given_by_person_id=None)
        else:
            answers = replace(answers, capacity_reason="")
        return answers


def outside_consent(categories: list[str], consent: Any) -> list[str]:
    """The categories of information a consent does not cover, in the order given. A consent that
    records no categories (made before consent recorded its scope) is taken as it was recorded."""
    covered = list(getattr(consent, "categories", None) or [])
    if not covered:
        return []
    return [category for category in categories if category not in covered]


@dataclass(frozen=True)
class ConsentWording:
    """The GOV.UK error message for each rule, in the words of the page that asks."""

    status: str = "Say whether consent was given, refused or not sought"
    given_by: str = "Say whose consent this is"
    given_by_person: str = "Choose the person with parental responsibility"
    given_by_person_on_record: str = "Choose a person recorded as having parental responsibility for this child"
    decided_on: str = "Enter the date"
    decided_on_future: str = "The date must be today or in the past"
    method: str = "Choose how the person told you"
    not_sought_reason: str = "Choose why consent was not sought"
    explanation: str = "Explain why consent was not sought"
    refused_reasons: str = "Record your own reasons: what you will do now that consent has been refused, and why"
    child_too_young: str = (
        f"A child under {YOUNGEST_TO_DECIDE} cannot decide for themselves: choose a person with parental responsibility"
    )
    capacity_reason: str = "Say why you judge the child able to decide for themselves (Gillick competence)"


def consent_problems(
    answers: ConsentAnswers,
    *,
    today: date,
    wording: ConsentWording = ConsentWording(),
    person_named: bool = False,
    child_born: date | None = None,
) -> dict[str, str]:
    """What is missing or wrong in these answers, by `ConsentAnswers` field (and `given_by_person`),
    in the order the questions are asked. `person_named`: the person with parental responsibility is
    named some other way than by a recorded person (a referrer who cannot see the child's record).
    `child_born`: the child's date of birth, when known: a child who agrees or refuses for themselves
    is at least 8, and under 16 (or of unknown age) needs a recorded judgement of their capacity.
    The one validator of consent answers: every form and service that takes them asks it."""
    problems: dict[str, str] = {}
    if not answers.status:
        problems["status"] = wording.status
    if not answers.given_by or answers.given_by not in (CHILD, PARENTAL_RESPONSIBILITY):
        problems["given_by"] = wording.given_by
    elif answers.given_by == PARENTAL_RESPONSIBILITY and answers.given_by_person_id is None and not person_named:
        problems["given_by_person"] = wording.given_by_person
    elif answers.given_by == CHILD and answers.sought:
        on = answers.decided_on if answers.decided_on is not None and answers.decided_on <= today else today
        if not may_decide_for_themselves(child_born, on):
            problems["given_by"] = wording.child_too_young
        elif not capacity_of(child_born, on, answers.capacity_reason):
            problems["capacity_reason"] = wording.capacity_reason
    if answers.decided_on is None:
        problems["decided_on"] = wording.decided_on
    elif answers.decided_on > today:
        problems["decided_on"] = wording.decided_on_future
    if answers.sought and not answers.method:
        problems["method"] = wording.method
    if answers.status == NOT_SOUGHT:
        if not answers.not_sought_reason:
            problems["not_sought_reason"] = wording.not_sought_reason
        if not answers.explanation.strip():
            problems["explanation"] = wording.explanation
    if answers.status == REFUSED and not answers.explanation.strip():
        # The seventh golden rule: a refusal is recorded with the practitioner's own reasons.
        problems["explanation"] = wording.refused_reasons
    return problems


# --- The Children's Wellbeing and Schools Act 2026 and the Data (Use and Access) Act 2025 (issue 16)
# Pure rules: the commencement date is given to them (the setting PORTAL_CWSA_2026_COMMENCEMENT is
# read in `sharing.law`), so every workflow, and any app still to come, asks the same questions.

STATUTORY_DUTY_S16LA = "children_act_2004_s16la"
UNKNOWN_UNREASONABLE_DELAY = "unknown_unreasonable_delay"
MORE_DETRIMENTAL = "more_detrimental"
IDENTIFIER_OMISSION_REASONS = (UNKNOWN_UNREASONABLE_DELAY, MORE_DETRIMENTAL)
# A decision the flow says to share, not shared because sharing would be more detrimental (s16LA).
NOT_SHARED_MORE_DETRIMENTAL = "not_shared_detrimental"
# What the duty to share covers: information relevant to a child's welfare or safeguarding. Every
# purpose the portal names is about one or the other, except "another purpose".
DUTY_PURPOSES = frozenset({"safeguarding", "mast_referral", "cin_transfer", "early_help", "health_care", "education"})
ARTICLE_6_RECOGNISED_SAFEGUARDING = "6(1)(ea) safeguarding"
FACT = "fact"
OPINION = "opinion"


def cwsa_in_force(*, on: date, commencement: date) -> bool:
    """Whether the 2026 Act's duties apply to a decision or record made on this (Europe/London) day."""
    return on >= commencement


def statutory_duty(*, outcome: str, purpose: str, in_force: bool) -> str:
    """The statutory duty a decision relies on: the duty to share (s16LA) for a decision to share, or
    not to share as more detrimental, information relevant to a child's welfare or safeguarding once
    the duty has commenced; none otherwise."""
    if not in_force or purpose not in DUTY_PURPOSES:
        return ""
    return STATUTORY_DUTY_S16LA if outcome in (SHARE, NOT_SHARED_MORE_DETRIMENTAL) else ""


def may_withhold_as_more_detrimental(*, outcome: str | None, in_force: bool) -> bool:
    """Under the duty, a decision the flow says to share may instead record "not shared: sharing
    would be more detrimental to the child", with reasons (reviewed by a Caldicott Guardian)."""
    return in_force and outcome == SHARE


@dataclass(frozen=True)
class ConsistentIdentifier:
    """What a record about a child carries as its consistent identifier (s16LC): the NHS number, or
    the reason it is left out and an explanation."""

    nhs_number: str = ""
    omitted_reason: str = ""
    explanation: str = ""

    @classmethod
    def of(cls, record: Any) -> "ConsistentIdentifier":
        return cls(
            nhs_number=getattr(record, "identifier_nhs_number", "") or "",
            omitted_reason=getattr(record, "identifier_omitted_reason", "") or "",
            explanation=getattr(record, "identifier_omitted_explanation", "") or "",
        )


@dataclass(frozen=True)
class IdentifierWording:
    reason: str = "The child's NHS number is not recorded: say why the record goes without it"
    reason_unknown_but_known: str = (
        "The child's NHS number is known: include it, or say including it would be more detrimental to the child"
    )
    reason_invalid: str = "Choose a reason the law allows for leaving the NHS number out"
    explanation: str = "Explain why the NHS number is left out"


def identifier_problems(
    *,
    known_nhs_number: str,
    omitted_reason: str,
    explanation: str,
    in_force: bool,
    wording: IdentifierWording = IdentifierWording(),
) -> dict[str, str]:
    """The consistent identifier rule (Children Act 2004 s16LC), by field: every share, referral,
    transfer, Early Intervention move (and intelligence item) about a child carries the NHS number
    unless it is not known and finding it would cause unreasonable delay, or including it would be
    more detrimental to the child; a reason to leave it out is recorded with an explanation. Before
    the duty commences nothing is required. The one validator: every form and service asks it."""
    if not in_force:
        return {}
    problems: dict[str, str] = {}
    if not omitted_reason:
        if not known_nhs_number:
            problems["identifier_omitted_reason"] = wording.reason
        return problems
    if omitted_reason not in IDENTIFIER_OMISSION_REASONS:
        problems["identifier_omitted_reason"] = wording.reason_invalid
    elif omitted_reason == UNKNOWN_UNREASONABLE_DELAY and known_nhs_number:
        problems["identifier_omitted_reason"] = wording.reason_unknown_but_known
    if not explanation.strip():
        problems["identifier_omitted_explanation"] = wording.explanation
    return problems


def identifier_carried(*, known_nhs_number: str, omitted_reason: str, explanation: str) -> ConsistentIdentifier:
    """What the record carries: the NHS number unless a reason to leave it out is given (then the
    reason and explanation, and no number)."""
    if omitted_reason:
        return ConsistentIdentifier(omitted_reason=omitted_reason, explanation=explanation.strip())
    return ConsistentIdentifier(nhs_number=known_nhs_number)


@dataclass(frozen=True)
class SharedItem:
    """One item of what was shared, marked fact or opinion."""

    text: str
    nature: str


def shared_items_problems(items: list[SharedItem]) -> dict[int, str]:
    """What is wrong with the items of what was shared, by position: each says what was shared and
    is marked fact or opinion."""
    problems: dict[int, str] = {}
    for position, item in enumerate(items):
        if not item.text.strip():
            problems[position] = "Say what was shared"
        elif item.nature not in (FACT, OPINION):
            problems[position] = "Say whether this item is a fact or an opinion"
    return problems


def items_from_summaries(facts: str, opinion: str) -> list[SharedItem]:
    """The items of a share described as a summary of facts and a summary of opinion."""
    items = [SharedItem(text=facts.strip(), nature=FACT)] if facts.strip() else []
    if opinion.strip():
        items.append(SharedItem(text=opinion.strip(), nature=OPINION))
    return items


def summaries_from_items(items: list[SharedItem]) -> tuple[str, str]:
    """The facts and the opinion of the items, each kind together (as the decision's summaries)."""
    facts = "\n".join(item.text.strip() for item in items if item.nature == FACT)
    opinion = "\n".join(item.text.strip() for item in items if item.nature == OPINION)
    return facts, opinion
