"""Back links go to the step before (issue 15), outside referrals too: a transfer request started from
a MAST alert goes back to the alert; changing an agreement goes back to the agreement; each step of
a transfer or an Early Intervention move goes back to its task list, the page it was opened from; a
sharing decision's question goes back to the question before."""

import re

from django.urls import reverse

from tests.helpers import client_for
from tests.referrals.factories import alert
from tests.sharing.factories import agreement_with


def back_of(page: str) -> str:
    link = re.search(r'<a[^>]*class="govuk-back-link"[^>]*>', page) or re.search(r"<a[^>]*govuk-back-link[^>]*>", page)
    assert link, "no back link"
    return re.search(r'href="([^"]*)"', link.group(0)).group(1)


def test_a_request_started_from_an_alert_goes_back_to_the_alert(setup):
    moved_in = alert(setup, previous_area=setup.south.org.name)
    client = client_for(setup.north.cin_manager)
    page = client.get(f"{reverse('transfers:request_create')}?source=mast_alert&id={moved_in.pk}").content.decode()
    assert back_of(page) == moved_in.get_absolute_url()
    assert back_of(client.get(reverse("transfers:request_create")).content.decode()) == reverse("transfers:home")


def test_changing_an_agreement_goes_back_to_the_agreement(setup):
    agreement = agreement_with(setup, [setup.north.org, setup.health])
    client = client_for(setup.north.info_lead)
    page = client.get(reverse("sharing:agreement_edit", args=[agreement.pk])).content.decode()
    assert back_of(page) == reverse("sharing:agreement_detail", args=[agreement.pk])
    new = client.get(reverse("sharing:agreement_create")).content.decode()
    assert back_of(new) == reverse("sharing:agreement_list")


def test_a_transfers_steps_go_back_to_its_task_list(setup):
    from tests.transfers.factories import draft_transfer

    transfer = draft_transfer(setup)
    client = client_for(setup.north.social_worker)
    for step in ["transfers:cin_move", "transfers:cin_family", "transfers:cin_summary", "transfers:cin_check"]:
        page = client.get(reverse(step, args=[transfer.pk])).content.decode()
        assert back_of(page) == transfer.get_absolute_url(), step


def test_a_sharing_decisions_first_question_goes_back_to_the_request_which_can_be_changed(setup):
    from sharing.models import SharingDecision
    from tests.factories import make_child

    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    client = client_for(setup.north.social_worker)
    start = reverse("sharing:decision_start", args=[child.pk])
    asked = {
        "requested_by": "School nurse",
        "purpose": "safeguarding",
        "purpose_detail": "Plan a visit",
        "recipient_organisation": setup.health.pk,
        "recipient_name": "Hana",
    }
    first = client.post(start, asked)
    decision = SharingDecision.objects.get(child=child)
    assert first.url == reverse("sharing:decision_question", args=[decision.pk, "purpose"])
    back = back_of(client.get(first.url).content.decode())
    assert back == f"{start}?decision={decision.pk}"
    again = client.get(back).content.decode()
    assert 'value="School nurse"' in again
    changed = client.post(back, {**asked, "requested_by": "Health visitor"})
    assert changed.url == first.url
    assert SharingDecision.objects.get().requested_by == "Health visitor"  # the same decision, changed
    # Someone else's draft is not theirs to change.
    assert client_for(setup.north.cin_manager).get(back).status_code in (403, 404)
