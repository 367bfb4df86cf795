"""Pure rules: what a referral still needs, and the sharing decision its consent answer makes."""

from datetime import date
from types import SimpleNamespace

import pytest

from referrals import rules
from sharing import rules as sharing_rules

TODAY = date(2026, 3, 10)


def answered(**overrides) -> SimpleNamespace:
    values = {
        "child_id": 1,
        "concern_categories": ["neglect"],
        "what_happened": "Facts",
        "referrer_view": "Opinion",
        "urgency": 2,
        "information_categories": ["identity"],
        "sharing_reasons": "MAST must decide whether to act.",
        "child_views": "Too young",
        "family_views": "Not asked",
        "family_told": False,
        "family_told_detail": "",
        "family_not_told_reason": "would_increase_risk",
        "consent_decision": "not_sought",
        "consent_given_by": "parental_responsibility",
        "consent_person_id": 7,
        "consent_decided_on": TODAY,
        "consent_method": "",
        "consent_not_sought_reason": "child_at_risk",
        "consent_explanation": "The father is the alleged abuser",
        "consent_capacity_reason": "",
    }
    values.update(overrides)
    # The referral keeps its consent answers on its consent record: the rules read them as one value.
    consent = {
        name: values.pop(f"consent_{name}")
        for name in ("given_by", "method", "decided_on", "explanation", "capacity_reason")
    }
    consent |= {
        "status": values.pop("consent_decision"),
        "given_by_person_id": values.pop("consent_person_id"),
        "not_sought_reason": values.pop("consent_not_sought_reason"),
    }
    return SimpleNamespace(**values, consent_answers=sharing_rules.ConsentAnswers(**consent))


def fields(problems) -> set[str]:
    return {p.field for p in problems}


def test_a_complete_referral_has_no_problems():
    assert rules.missing_answers(answered(), today=TODAY) == []


def test_an_empty_draft_lists_every_section_in_order():
    empty = answered(
        child_id=None,
        concern_categories=[],
        what_happened="",
        referrer_view=" ",
        urgency=None,
        information_categories=[],
        child_views="",
        family_views="",
        family_told=None,
        consent_decision="",
        consent_given_by="",
        consent_person_id=None,
        consent_decided_on=None,
        consent_not_sought_reason="",
        consent_explanation="",
    )
    problems = rules.missing_answers(empty, today=TODAY)
    assert [p.section for p in problems] == sorted((p.section for p in problems), key=lambda s: rules.SECTIONS.index(s))
    assert rules.first_incomplete_section(problems) == "child"
    assert {"child", "concern_categories", "what_happened", "referrer_view", "urgency", "family_told"} <= fields(
        problems
    )
    assert rules.sections_complete(problems) == dict.fromkeys(rules.SECTIONS, False)


def test_not_sought_needs_one_of_the_four_reasons_and_an_explanation():
    problems = rules.missing_answers(answered(consent_not_sought_reason="", consent_explanation=""), today=TODAY)
    assert fields(problems) == {"consent_not_sought_reason", "consent_explanation"}


def test_sought_needs_how_and_a_parent_needs_naming():
    problems = rules.missing_answers(answered(consent_decision="given", consent_person_id=None), today=TODAY)
    assert fields(problems) == {"consent_method", "consent_from"}
    assert (
        rules.missing_answers(
            answered(
                consent_decision="refused",
                consent_method="verbal_phone",
                consent_explanation="I refer although she refused: the harm outweighs the refusal.",
                consent_given_by="child",
                consent_capacity_reason="She understands what a referral means.",
            ),
            today=TODAY,
        )
        == []
    )


def test_a_refusal_needs_the_referrers_own_reasons():
    problems = rules.missing_answers(
        answered(consent_decision="refused", consent_method="verbal_phone", consent_explanation=""), today=TODAY
    )
    assert fields(problems) == {"consent_explanation"}


def test_the_family_told_or_not_told_needs_its_detail():
    assert fields(rules.missing_answers(answered(family_told=True), today=TODAY)) == {"family_told_detail"}
    assert fields(rules.missing_answers(answered(family_not_told_reason=""), today=TODAY)) == {"family_not_told_reason"}


def test_a_decision_date_in_the_future_is_a_problem():
    problems = rules.missing_answers(answered(consent_decided_on=date(2026, 3, 11)), today=TODAY)
    assert fields(problems) == {"consent_decided_on"}


@pytest.mark.parametrize("decision", ["given", "refused", "not_sought"])
def test_every_consent_answer_leads_the_appendix_1_flow_to_share(decision):
    answers = rules.sharing_answers(decision)
    assert sharing_rules.decide(**answers) == "share"
    assert answers["purpose"] == "yes"
    assert (answers["consent"] == "yes") == (decision == "given")
    if decision != "given":
        assert answers["identifiable"] == "yes" and answers["lawful_without_consent"] == "yes"


def test_lawful_basis_is_public_task_with_article_9_only_for_special_category_data():
    plain = rules.lawful_basis_codes(["identity", "family"])
    assert (plain.article_6, plain.article_9, plain.schedule_1) == ("6(1)(e)", None, None)
    assert plain.legal_gateway == "Children Act 1989"
    health = rules.lawful_basis_codes(["identity", "health"])
    assert (health.article_9, health.schedule_1) == ("9(2)(g)", "DPA 2018 Sch 1 para 18")
    criminal = rules.lawful_basis_codes(["criminal"])
    assert (criminal.article_9, criminal.schedule_1) == (None, "DPA 2018 Sch 1 para 18")


def test_reasons_say_why_consent_was_not_sought():
    reasons = rules.decision_reasons(
        why="MAST must see this today.",
        consent_decision="not_sought",
        not_sought_reason="child_at_risk",
        explanation="The father is the risk.",
    )
    assert reasons.startswith("MAST must see this today.")
    assert "increased risk of significant harm" in reasons
    assert "The father is the risk." in reasons
    refused = rules.decision_reasons(why="Why.", consent_decision="refused", explanation="I refer anyway: harm.")
    assert "refused" in refused and "I refer anyway: harm." in refused
