"""Resubmitting an action already done (a decision accepted or declined, a race lost) answers with
a GOV.UK page saying what happened, when and by whom, with a link to the record: never a bare 403,
and never a change made twice. The page comes from the shared mechanism (portal.pages)."""

from django.urls import reverse
from django.utils import timezone

from portal.text import datetime_text
from tests.helpers import client_for
from tests.transfers.factories import referred_transfer
from transfers.models import CinTransfer


def _page(response) -> str:
    assert response.status_code == 409
    content = response.content.decode()
    assert "This has already been done" in content
    return content


def test_accepting_again_says_it_was_already_accepted_when_and_links_to_the_transfer(setup):
    transfer = referred_transfer(setup)
    manager = client_for(setup.south.cin_manager)
    path = reverse("transfers:cin_accept", args=[transfer.pk])
    data = {"team": setup.south.cin.pk, "level_of_need": "4"}
    assert manager.post(path, data).status_code == 302
    accepted_at = timezone.now()

    content = _page(manager.post(path, data))  # the form sent again (a double click, the back button)

    assert f"This transfer has already been accepted by {setup.south.cin_manager}" in content
    assert datetime_text(accepted_at)[:-6] in content  # the day it was recorded
    assert f'href="{transfer.get_absolute_url()}"' in content
    assert (
        CinTransfer.objects.get(pk=transfer.pk).history.filter(history_change_reason__startswith="Accepted").count()
        == 1
    )


def test_declining_again_says_it_was_already_declined(setup):
    transfer = referred_transfer(setup)
    manager = client_for(setup.south.cin_manager)
    path = reverse("transfers:cin_decline", args=[transfer.pk])
    assert manager.post(path, {"reason": "Not living here"}).status_code == 302

    content = _page(manager.post(path, {"reason": "Not living here"}))

    assert "This transfer has already been declined" in content
    assert f'href="{transfer.get_absolute_url()}"' in content


def test_a_service_refusing_a_finished_action_answers_through_submit_with_the_page(setup):
    """Acknowledging twice: the service refuses (InvalidTransition) and portal.pages.submit answers."""
    transfer = referred_transfer(setup)
    manager = client_for(setup.south.cin_manager)
    path = reverse("transfers:cin_acknowledge", args=[transfer.pk])
    assert manager.post(path).status_code == 302

    content = _page(manager.post(path))

    assert "Acknowledged by the receiving authority" in content  # what was recorded, from the history
    assert str(setup.south.cin_manager) in content
    assert f'href="{transfer.get_absolute_url()}"' in content
