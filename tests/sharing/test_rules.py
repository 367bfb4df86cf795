"""sharing.rules.decide over every combination of answers (DESIGN §11)."""

import itertools

import pytest

from sharing import rules

ANSWERS = ["yes", "no", "unsure"]


def expected(purpose, consent, identifiable, lawful):
    """The Appendix 1 flow written out as the guidance reads, question by question."""
    if purpose == "unsure":
        return "seek_advice"
    if purpose == "no" and consent != "yes":
        return "do_not_share"
    if consent == "yes":
        return "share"
    if consent == "unsure":
        return "seek_advice"
    if identifiable == "no":
        return "share"
    if identifiable == "unsure":
        return "seek_advice"
    return {"yes": "share", "no": "do_not_share", "unsure": "seek_advice"}[lawful]


@pytest.mark.parametrize(("purpose", "consent", "identifiable", "lawful"), list(itertools.product(ANSWERS, repeat=4)))
def test_decide_covers_every_combination(purpose, consent, identifiable, lawful):
    assert rules.decide(purpose, consent, identifiable, lawful) == expected(purpose, consent, identifiable, lawful)


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [
        ({"purpose": "unsure"}, "seek_advice"),
        ({"purpose": "no", "consent": "no"}, "do_not_share"),
        ({"purpose": "no", "consent": "unsure"}, "do_not_share"),
        ({"purpose": "no", "consent": "yes"}, "share"),  # no purpose, but consent: the flow continues
        ({"purpose": "yes", "consent": "yes"}, "share"),
        ({"purpose": "yes", "consent": "unsure"}, "seek_advice"),
        ({"purpose": "yes", "consent": "no", "identifiable": "no"}, "share"),
        ({"purpose": "yes", "consent": "no", "identifiable": "unsure"}, "seek_advice"),
        ({"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"}, "share"),
        ({"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "no"}, "do_not_share"),
        ({"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "unsure"}, "seek_advice"),
    ],
)
def test_later_answers_may_be_none_when_the_flow_never_reaches_them(answers, outcome):
    assert rules.decide(**answers) == outcome


@pytest.mark.parametrize(
    ("answers", "question"),
    [
        ({}, "purpose"),
        ({"purpose": "yes"}, "consent"),
        ({"purpose": "no"}, "consent"),
        ({"purpose": "unsure"}, None),
        ({"purpose": "yes", "consent": "no"}, "identifiable"),
        ({"purpose": "yes", "consent": "yes"}, None),
        ({"purpose": "yes", "consent": "no", "identifiable": "yes"}, "lawful_without_consent"),
        ({"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "no"}, None),
    ],
)
def test_next_question_follows_the_flow(answers, question):
    assert rules.next_question(answers) == question


def test_unanswered_questions_give_no_outcome_yet():
    assert rules.decide("yes") is None
    assert rules.decide("yes", "no") is None
    assert rules.decide("yes", "no", "yes") is None
