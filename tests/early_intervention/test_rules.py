"""The outcome of an Early Intervention move (guidance 6.2), for every combination of the answers."""

import itertools

import pytest

from early_intervention.rules import Outcome, decide, meeting_required

PLAN = Outcome.AGREED_PLAN
SHARING = Outcome.PLAN_UPDATED_SHARING
CHECKLIST = Outcome.PLAN_UPDATED_CHECKLIST
CSC = Outcome.REFERRAL_RECEIVING_CSC
MAST = Outcome.REFERRAL_MAST

# After the meeting: (planned, consent, whereabouts known, need or risk increased, significant harm) -> outcome.
# A planned move with consent to a known place never needs the meeting: its outcome is the agreed plan
# whatever a meeting might have said.
AFTER_MEETING = {
    # planned, consent, known
    (True, True, True, False, False): PLAN,
    (True, True, True, False, True): PLAN,
    (True, True, True, True, False): PLAN,
    (True, True, True, True, True): PLAN,
    # planned without consent: the agencies meet, and it follows the unplanned rules
    (True, False, True, False, False): CHECKLIST,
    (True, False, True, False, True): CSC,
    (True, False, True, True, False): CHECKLIST,
    (True, False, True, True, True): CSC,
    # (a planned move always has a destination; the rules still answer safely if asked)
    (True, True, False, False, False): CHECKLIST,
    (True, True, False, False, True): MAST,
    (True, True, False, True, False): CHECKLIST,
    (True, True, False, True, True): MAST,
    (True, False, False, False, False): CHECKLIST,
    (True, False, False, False, True): MAST,
    (True, False, False, True, False): CHECKLIST,
    (True, False, False, True, True): MAST,
    # unplanned, with consent, to a known place
    (False, True, True, False, False): SHARING,
    (False, True, True, False, True): CSC,
    (False, True, True, True, False): SHARING,
    (False, True, True, True, True): CSC,
    # unplanned, without consent, to a known place
    (False, False, True, False, False): CHECKLIST,
    (False, False, True, False, True): CSC,
    (False, False, True, True, False): CHECKLIST,
    (False, False, True, True, True): CSC,
    # unplanned, whereabouts unknown
    (False, True, False, False, False): CHECKLIST,
    (False, True, False, False, True): MAST,
    (False, True, False, True, False): CHECKLIST,
    (False, True, False, True, True): MAST,
    (False, False, False, False, False): CHECKLIST,
    (False, False, False, False, True): MAST,
    (False, False, False, True, False): CHECKLIST,
    (False, False, False, True, True): MAST,
}


def test_the_table_covers_every_combination():
    assert set(AFTER_MEETING) == set(itertools.product([True, False], repeat=5))


@pytest.mark.parametrize(("answers", "expected"), list(AFTER_MEETING.items()))
def test_outcome_after_the_meeting(answers, expected):
    planned, consent, known, increased, harm = answers
    decision = decide(
        planned=planned,
        consent=consent,
        whereabouts_known=known,
        meeting_held=True,
        need_or_risk_increased=increased,
        significant_harm=harm,
    )
    assert decision.outcome == expected
    assert decision.reason


@pytest.mark.parametrize(("planned", "consent", "known"), list(itertools.product([True, False], repeat=3)))
@pytest.mark.parametrize(
    ("held", "increased", "harm"),
    [(False, None, None), (False, True, True), (True, None, False), (True, False, None), (True, None, None)],
)
def test_no_outcome_without_the_meeting_and_both_its_answers(planned, consent, known, held, increased, harm):
    decision = decide(
        planned=planned,
        consent=consent,
        whereabouts_known=known,
        meeting_held=held,
        need_or_risk_increased=increased,
        significant_harm=harm,
    )
    if planned and consent and known:
        assert decision.outcome == PLAN
    else:
        assert decision is None


@pytest.mark.parametrize(("planned", "consent", "known"), list(itertools.product([True, False], repeat=3)))
def test_only_a_planned_move_with_consent_to_a_known_place_skips_the_meeting(planned, consent, known):
    assert meeting_required(planned=planned, consent=consent, whereabouts_known=known) is not (
        planned and consent and known
    )


def test_the_reasons_say_what_the_guidance_says_and_where_it_is_silent():
    def reason(**answers) -> str:
        return decide(meeting_held=True, **answers).reason

    assert (
        "agree how and when information is transferred"
        in decide(planned=True, consent=True, whereabouts_known=True, meeting_held=False).reason
    )
    assert "referral to children's social care in the receiving authority, without delay" in reason(
        planned=False, consent=False, whereabouts_known=True, need_or_risk_increased=True, significant_harm=True
    )
    assert "a referral to MAST" in reason(
        planned=False, consent=True, whereabouts_known=False, need_or_risk_increased=True, significant_harm=True
    )
    # Possible significant harm is referred even without an increase, and the reason says so.
    assert reason(
        planned=False, consent=True, whereabouts_known=True, need_or_risk_increased=False, significant_harm=True
    ).startswith("The meeting found no increase in need or risk, and the child may be at risk")
    assert "without parental consent, each universal agency" in reason(
        planned=False, consent=False, whereabouts_known=True, need_or_risk_increased=False, significant_harm=False
    )
    assert "with the family's whereabouts unknown" in reason(
        planned=False, consent=True, whereabouts_known=False, need_or_risk_increased=False, significant_harm=False
    )
    assert "increase in need without possible significant harm" in reason(
        planned=False, consent=True, whereabouts_known=True, need_or_risk_increased=True, significant_harm=False
    )
