"""The 2026 Act's pure rules (sharing.rules): commencement, the duty to share, the consistent
identifier (s16LC), and each item shared marked fact or opinion; and the dated setting read
against the Europe/London date (sharing.law)."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from sharing import law, rules

COMMENCES = date(2026, 4, 1)


def test_the_duties_apply_from_the_commencement_date_not_before():
    assert not rules.cwsa_in_force(on=date(2026, 3, 31), commencement=COMMENCES)
    assert rules.cwsa_in_force(on=COMMENCES, commencement=COMMENCES)
    assert rules.cwsa_in_force(on=date(2026, 12, 7), commencement=COMMENCES)


@override_settings(PORTAL_CWSA_2026_COMMENCEMENT=COMMENCES)
def test_the_setting_is_compared_with_the_europe_london_date(time_machine):
    # 23:30 UTC on 31 March is 00:30 on 1 April in London (British Summer Time): in force.
    time_machine.move_to(datetime(2026, 3, 31, 22, 59, tzinfo=UTC))
    assert not law.cwsa_in_force()
    time_machine.move_to(datetime(2026, 3, 31, 23, 30, tzinfo=UTC))
    assert law.cwsa_in_force()


@override_settings(PORTAL_CWSA_2026_COMMENCEMENT=date(2027, 1, 1))
def test_a_later_commencement_from_the_environment_moves_the_duties(time_machine):
    time_machine.move_to(datetime(2026, 12, 31, 12, tzinfo=UTC))
    assert not law.cwsa_in_force()
    time_machine.move_to(datetime(2027, 1, 1, 12, tzinfo=UTC))
    assert law.cwsa_in_force()


def test_the_setting_has_a_default_date():
    from django.conf import settings

    assert isinstance(settings.PORTAL_CWSA_2026_COMMENCEMENT, date)


def test_the_duty_to_share_is_recorded_for_welfare_and_safeguarding_shares_once_in_force():
    assert rules.statutory_duty(outcome="share", purpose="safeguarding", in_force=True) == rules.STATUTORY_DUTY_S16LA
    assert (
        rules.statutory_duty(outcome=rules.NOT_SHARED_MORE_DETRIMENTAL, purpose="mast_referral", in_force=True)
        == rules.STATUTORY_DUTY_S16LA
    )
    assert rules.statutory_duty(outcome="share", purpose="safeguarding", in_force=False) == ""
    assert rules.statutory_duty(outcome="share", purpose="other", in_force=True) == ""
    assert rules.statutory_duty(outcome="do_not_share", purpose="safeguarding", in_force=True) == ""


def test_only_a_decision_to_share_under_the_duty_may_be_withheld_as_more_detrimental():
    assert rules.may_withhold_as_more_detrimental(outcome="share", in_force=True)
    assert not rules.may_withhold_as_more_detrimental(outcome="share", in_force=False)
    assert not rules.may_withhold_as_more_detrimental(outcome="do_not_share", in_force=True)
    assert not rules.may_withhold_as_more_detrimental(outcome="seek_advice", in_force=True)


@pytest.mark.parametrize(
    ("known", "reason", "explanation", "problems"),
    [
        ("9434765919", "", "", {}),
        ("", "", "", {"identifier_omitted_reason"}),
        ("", rules.UNKNOWN_UNREASONABLE_DELAY, "", {"identifier_omitted_explanation"}),
        ("", rules.UNKNOWN_UNREASONABLE_DELAY, "The GP surgery is closed until Monday.", set()),
        ("", rules.MORE_DETRIMENTAL, "The number would reveal the child's new area.", set()),
        ("9434765919", rules.MORE_DETRIMENTAL, "The number would reveal the child's new area.", set()),
        ("9434765919", rules.UNKNOWN_UNREASONABLE_DELAY, "Not known", {"identifier_omitted_reason"}),
        ("", "forgot", "Not known", {"identifier_omitted_reason"}),
    ],
)
def test_the_consistent_identifier_rule(known, reason, explanation, problems):
    found = rules.identifier_problems(
        known_nhs_number=known, omitted_reason=reason, explanation=explanation, in_force=True
    )
    assert set(found) == set(problems)


def test_before_commencement_the_identifier_is_not_required():
    assert rules.identifier_problems(known_nhs_number="", omitted_reason="", explanation="", in_force=False) == {}


def test_what_a_record_carries():
    assert rules.identifier_carried(known_nhs_number="9434765919", omitted_reason="", explanation="x") == (
        rules.ConsistentIdentifier(nhs_number="9434765919")
    )
    assert rules.identifier_carried(
        known_nhs_number="9434765919", omitted_reason=rules.MORE_DETRIMENTAL, explanation=" Why "
    ) == rules.ConsistentIdentifier(omitted_reason=rules.MORE_DETRIMENTAL, explanation="Why")


@override_settings(PORTAL_CWSA_2026_COMMENCEMENT=COMMENCES)
def test_the_service_side_check_refuses_a_missing_reason_after_commencement_only(time_machine):
    time_machine.move_to(datetime(2026, 3, 30, 12, tzinfo=UTC))
    assert law.identifier_require(known_nhs_number="", omitted_reason="", explanation="").nhs_number == ""
    time_machine.move_to(datetime(2026, 4, 2, 12, tzinfo=UTC))
    with pytest.raises(ValidationError) as refused:
        law.identifier_require(known_nhs_number="", omitted_reason="", explanation="")
    assert "identifier_omitted_reason" in refused.value.message_dict


def test_each_item_shared_is_marked_fact_or_opinion():
    items = [
        rules.SharedItem(text="Moved on 1 November", nature=rules.FACT),
        rules.SharedItem(text="The move may unsettle her", nature=rules.OPINION),
        rules.SharedItem(text="Attends Riverside", nature=""),
        rules.SharedItem(text=" ", nature=rules.FACT),
    ]
    assert rules.shared_items_problems(items) == {
        2: "Say whether this item is a fact or an opinion",
        3: "Say what was shared",
    }
    assert rules.summaries_from_items(items[:2]) == ("Moved on 1 November", "The move may unsettle her")
    assert rules.items_from_summaries("Facts", "") == [rules.SharedItem(text="Facts", nature=rules.FACT)]
