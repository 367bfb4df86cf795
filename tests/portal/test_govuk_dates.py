"""The shared GOV.UK date field: the Design System's error wording, and never an exception."""

from datetime import date

import pytest
from django import forms

from portal.govuk_dates import GovukDateField, name_from_label


class DateForm(forms.Form):
    born_on = GovukDateField(label="Date of birth (optional)")
    met_on = GovukDateField(label="When was the meeting held?", required=True, required_message="Enter the date")


def _errors(born: tuple[str, str, str], met: tuple[str, str, str] = ("1", "2", "2026")) -> dict:
    data = {f"born_on_{i}": v for i, v in enumerate(born)} | {f"met_on_{i}": v for i, v in enumerate(met)}
    form = DateForm(data)
    form.is_valid()
    return form.errors


def test_a_real_date_is_a_date():
    form = DateForm(
        {
            "born_on_0": " 04",
            "born_on_1": "5 ",
            "born_on_2": "2019",
            **dict.fromkeys(["met_on_0"], "1"),
            "met_on_1": "2",
            "met_on_2": "2026",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"born_on": date(2019, 5, 4), "met_on": date(2026, 2, 1)}


def test_an_optional_date_left_empty_is_none_and_a_required_one_says_what_to_enter():
    form = DateForm({})
    assert not form.is_valid()
    assert "born_on" not in form.errors
    assert form.errors["met_on"] == ["Enter the date"]


@pytest.mark.parametrize(
    ("born", "message"),
    [
        (("31", "2", "2019"), "Date of birth must be a real date"),
        (("29", "2", "2023"), "Date of birth must be a real date"),
        (("4", "5", "9" * 30), "Date of birth must be a real date"),
        (("4", "5", "12345"), "Date of birth must be a real date"),
        (("123", "5", "2019"), "Date of birth must be a real date"),
        (("4", "May", "2019"), "Date of birth must be a real date"),
        (("-4", "5", "2019"), "Date of birth must be a real date"),
        (("4", "5", "19"), "Year must include 4 numbers"),
        (("", "5", "2019"), "Date of birth must include a day"),
        (("4", "", ""), "Date of birth must include a month and year"),
    ],
)
def test_each_mistake_has_the_govuk_message(born, message):
    assert _errors(born)["born_on"] == [message]


def test_a_question_label_is_called_the_date():
    assert _errors(("1", "1", "2020"), met=("30", "2", "2026"))["met_on"] == ["The date must be a real date"]


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("Date of birth (optional)", "Date of birth"),
        ("Date of the meeting (for minutes)", "Date of the meeting"),
        ("When?", "The date"),
        ("start date", "Start date"),
    ],
)
def test_the_name_in_messages_comes_from_the_label(label, name):
    assert name_from_label(label) == name


def test_a_date_shown_again_keeps_what_was_typed():
    form = DateForm({"born_on_0": "31", "born_on_1": "2", "born_on_2": "2019"})
    form.is_valid()
    html = str(form["born_on"])
    assert 'value="31"' in html and 'value="2"' in html and 'value="2019"' in html
