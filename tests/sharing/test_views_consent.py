"""Consent pages."""

from django.urls import reverse

from sharing.models import ConsentRecord
from tests.helpers import client_for, queries_to_get
from tests.sharing.factories import (
    give_consent,
    grant_view,
)


def test_recording_consent_needs_edit_access(setup, child):
    url = reverse("sharing:consent_create", args=[child.pk])
    assert client_for(setup.north.social_worker).get(url).status_code == 200
    grant_view(setup, child)
    assert client_for(setup.health_visitor).get(url).status_code == 403
    assert client_for(setup.south.social_worker).get(url).status_code == 404


def test_consent_detail_and_withdraw_role_matrix(setup, child):
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    grant_view(setup, child)
    detail = reverse("sharing:consent_detail", args=[consent.pk])
    withdraw = reverse("sharing:consent_withdraw", args=[consent.pk])
    assert client_for(setup.north.social_worker).get(detail).status_code == 200
    assert client_for(setup.health_visitor).get(detail).status_code == 200
    assert client_for(setup.south.social_worker).get(detail).status_code == 404
    assert client_for(setup.north.social_worker).get(withdraw).status_code == 200
    assert client_for(setup.health_visitor).get(withdraw).status_code == 403
    assert client_for(setup.south.social_worker).get(withdraw).status_code == 404


def test_consent_form_errors_keep_what_was_typed(setup, child):
    response = client_for(setup.north.social_worker).post(
        reverse("sharing:consent_create", args=[child.pk]),
        {
            "status": "not_sought",
            "given_by": "child",
            "purpose": "safeguarding",
            "explanation": "",
            "decided_on_0": "1",
            "decided_on_1": "3",
            "decided_on_2": "2026",
            "purpose_detail": "Typed detail",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "Choose why consent was not sought" in content
    assert "Typed detail" in content
    assert not ConsentRecord.objects.exists()


def test_consent_list_query_count_stays_flat(setup, child):
    client = client_for(setup.north.social_worker)

    url = reverse("sharing:child_consent", args=[child.pk])
    give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    few = queries_to_get(client, url)
    for _ in range(10):
        give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health, setup.south.org])
    assert queries_to_get(client, url) == few
