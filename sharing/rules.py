"""The Appendix 1 decision flow as a pure function (DESIGN §11). No database."""

from collections.abc import Mapping
from typing import Literal

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
