"""The one helper that runs a service for a view and answers the GOV.UK way."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError

from portal.pages import submit
from portal.services import InvalidTransition


class NameForm(forms.Form):
    name = forms.CharField()


@pytest.fixture
def request_(rf):
    request = rf.post("/anything/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def said(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_done_shows_the_success_message_and_goes_where_the_result_says(request_):
    response = submit(request_, lambda: 42, success=lambda n: f"Saved {n}", then=lambda n: f"/things/{n}/")
    assert response.status_code == 302 and response.url == "/things/42/"
    assert said(request_) == [("success", "Saved 42")]


def test_a_validation_error_goes_on_the_form_and_the_view_shows_it_again(request_):
    form = NameForm({"name": "x"})
    assert form.is_valid()

    def refuse():
        raise ValidationError({"name": "Enter a real name", "other": "Something else is wrong"})

    assert submit(request_, refuse, form=form, then="/done/") is None
    assert form.errors == {"name": ["Enter a real name"], "__all__": ["Something else is wrong"]}
    assert said(request_) == []


def test_a_validation_error_with_no_form_is_shown_on_the_record(request_):
    def refuse():
        raise ValidationError("Add the Case Transfer Summary first")

    response = submit(request_, refuse, then="/done/", refused_to="/transfer/")
    assert response.url == "/transfer/"
    assert said(request_) == [("error", "Add the Case Transfer Summary first")]


def test_a_record_that_moved_on_goes_back_to_it_with_what_happened(request_):
    def too_late():
        raise InvalidTransition("This transfer was already accepted.")

    response = submit(request_, too_late, form=NameForm({"name": "x"}), success="Accepted", then="/transfer/1/")
    assert response.status_code == 302 and response.url == "/transfer/1/"
    assert said(request_) == [("error", "This transfer was already accepted.")]


def test_permission_denied_stays_a_403(request_):
    def not_yours():
        raise PermissionDenied("Only the receiving team can accept this transfer.")

    with pytest.raises(PermissionDenied):
        submit(request_, not_yours, then="/done/")
