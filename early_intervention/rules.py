"""Which outcome an Early Intervention plan move reaches (guidance 6.2, "Children moving out of the
area who are supported at Tier 2 or 3"). Pure: no database, unit-tested for every combination.

The guidance, step by step:

* A **planned** move, with parental consent: the agencies agree how and when information is
  transferred to the equivalent agencies in the receiving authority, and what they expect of them,
  in a clear multi-agency plan (the agreed transfer plan). No meeting is needed to get there.
* An **unplanned** move: the agencies hold a multi-agency meeting to consider whether the needs of or
  the risks to the child have increased, and record its outcome. Nothing follows until it is held.

  * No increase: the Early Intervention plan is updated and, with parental consent, agreement is
    reached on how information is shared with the equivalent agencies (the agreed transfer plan);
    without consent, each universal agency makes sure its records are up to date and forwards them
    to the receiving authority under its own procedures (the agencies' checklist).
  * An increase in risk or unmet need, and the child may be at risk of or suffering significant
    harm: a referral to children's social care in the receiving authority, without delay; if the
    family's whereabouts are unknown, a referral to MAST.

Where the guidance is silent this module decides, and says why in the reason it returns:

* A planned move **without** consent cannot have the consent-based plan, so the agencies meet and
  assess the change in circumstances exactly as for an unplanned move.
* "May be at risk of or suffering significant harm" always leads to a referral, even where the
  meeting found no *increase*: a child who may be suffering significant harm is always referred
  (guidance section 4, Tier 5); the increase is recorded either way.
* An increase in need **without** possible significant harm is not a referral under 6.2: the plan is
  updated to meet it, and information follows the consent rule as for no increase.
* With the whereabouts unknown and no referral, there are no equivalent agencies to agree a plan
  with: each agency keeps its records up to date and forwards them once it knows where the family is.
"""

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    AGREED_PLAN = "agreed_plan"
    PLAN_UPDATED_SHARING = "plan_updated_sharing"
    PLAN_UPDATED_CHECKLIST = "plan_updated_checklist"
    REFERRAL_RECEIVING_CSC = "referral_receiving_csc"
    REFERRAL_MAST = "referral_mast"


REFERRALS = frozenset({Outcome.REFERRAL_RECEIVING_CSC, Outcome.REFERRAL_MAST})


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    reason: str


def meeting_required(*, planned: bool, consent: bool, whereabouts_known: bool) -> bool:
    """A multi-agency meeting is needed unless the move is planned, to a known place, with consent."""
    return not (planned and consent and whereabouts_known)


def decide(
    *,
    planned: bool,
    consent: bool,
    whereabouts_known: bool,
    meeting_held: bool,
    need_or_risk_increased: bool | None = None,
    significant_harm: bool | None = None,
) -> Decision | None:
    """The outcome the guidance gives, or None while the multi-agency meeting it needs is not held
    (or its two questions are not answered)."""
    if not meeting_required(planned=planned, consent=consent, whereabouts_known=whereabouts_known):
        return Decision(
            Outcome.AGREED_PLAN,
            "A planned move with parental consent: the agencies agree how and when information is transferred "
            "to the equivalent agencies in the receiving authority, and what they expect of them.",
        )
    if not meeting_held or need_or_risk_increased is None or significant_harm is None:
        return None
    if significant_harm:
        increase = (
            "The meeting found an increase in risk or unmet need"
            if need_or_risk_increased
            else "The meeting found no increase in need or risk"
        )
        if whereabouts_known:
            return Decision(
                Outcome.REFERRAL_RECEIVING_CSC,
                f"{increase}, and the child may be at risk of or suffering significant harm: a referral to "
                "children's social care in the receiving authority, without delay.",
            )
        return Decision(
            Outcome.REFERRAL_MAST,
            f"{increase}, the child may be at risk of or suffering significant harm, and the family's "
            "whereabouts are unknown: a referral to MAST, without delay.",
        )
    found = (
        "The meeting found an increase in need without possible significant harm: the plan is updated to meet it"
        if need_or_risk_increased
        else "The meeting found no increase in need or risk: the Early Intervention plan is updated"
    )
    if consent and whereabouts_known:
        return Decision(
            Outcome.PLAN_UPDATED_SHARING,
            f"{found}, and with parental consent the agencies agree how information is shared with the "
            "equivalent agencies in the receiving authority.",
        )
    why = "without parental consent" if whereabouts_known else "with the family's whereabouts unknown"
    return Decision(
        Outcome.PLAN_UPDATED_CHECKLIST,
        f"{found}; {why}, each universal agency makes sure its records are up to date and forwards them to the "
        "receiving authority under its own procedures.",
    )
