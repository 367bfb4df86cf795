"""The GOV.UK field helpers every workflow's forms share (portal.forms)."""

import pytest
from django import forms

from portal.forms import (
    YES_NO,
    GovukForm,
    ReasonForm,
    bool_to_yes_no,
    date_field,
    event_date_field,
    text_area_field,
    yes_no_to_bool,
)


@pytest.mark.parametrize(("answer", "value"), [("yes", True), ("no", False), ("", None), (None, None)])
def test_a_yes_no_answer_becomes_the_bool_a_service_takes(answer, value):
    assert yes_no_to_bool(answer) is value


@pytest.mark.parametrize(("value", "answer"), [(True, "yes"), (False, "no"), (None, "")])
def test_a_recorded_bool_becomes_the_answer_a_form_starts_with(value, answer):
    assert bool_to_yes_no(value) == answer
    assert yes_no_to_bool(bool_to_yes_no(value)) is value


def test_date_fields_give_an_example_and_say_what_is_missing():
    assert date_field("Date of birth").help_text == "For example, 27 3 2019"
    assert event_date_field("When?").help_text == "For example, 27 3 2026"
    assert event_date_field("When?", help_text="The day they agreed").help_text == "The day they agreed"

    class WhenForm(GovukForm):
        on = event_date_field("When did it happen?", required=True, message="Enter the date it happened")

    form = WhenForm(data={})
    assert not form.is_valid()
    assert form.errors["on"] == ["Enter the date it happened"]


def test_a_text_area_is_required_only_when_it_says_what_is_missing():
    class NotesForm(GovukForm):
        summary = text_area_field("Summary", "Enter a summary")
        notes = text_area_field("Notes (optional)")
        answer = forms.ChoiceField(choices=YES_NO, required=False)

    form = NotesForm(data={})
    assert not form.is_valid()
    assert form.errors == {"summary": ["Enter a summary"]}


def test_the_reason_form_asks_in_the_words_it_is_given():
    form = ReasonForm(data={"reason": " "}, label="Why?", message="Explain why", submit_label="Withdraw")
    assert not form.is_valid()
    assert form.errors["reason"] == ["Explain why"]
    assert form.fields["reason"].label == "Why?"
    assert form.submit_label == "Withdraw"
