"""The officer's retention pages: who may open them (200 / 403 / 404), the batch decision through
the page, and lists that cost the same number of queries with 10 rows as with 500."""

import pytest
from django.urls import reverse
from django.utils import timezone

from retention import services
from retention.models import DisposalCertificate, LegalHold, ReviewItem
from tests.factories import build_authority
from tests.helpers import client_for, queries_to_get
from tests.retention.factories import bulk_items, due_item, nfa_referral

NFA = "referrals.no_further_action"
ROLES = ["social_worker", "early_help_worker", "screener", "mast_manager", "cin_manager", "caldicott", "info_lead"]


@pytest.fixture
def world(setup):
    referral = nfa_referral(setup)
    item = due_item(NFA, referral.pk, setup.north.org)
    officer = setup.north.info_lead
    hold = services.legal_hold_place(
        actor=officer, item=item, scope="record", kind=LegalHold.Kind.INQUIRY, reason="Inquiry"
    )
    other = due_item(NFA, nfa_referral(setup).pk, setup.north.org)
    [certificate] = services.retention_dispose(actor=officer, item_ids=[other.pk], today=timezone.localdate())
    return {"referral": referral, "item": item, "hold": hold, "certificate": certificate}


def _expected(key: str, *, on_object: bool) -> int:
    if key == "north.info_lead":
        return 200
    if key.endswith("info_lead"):
        return 404 if on_object else 200  # their own (empty) pages; never north's objects
    return 403


def test_each_page_answers_each_role(setup, world):
    west = build_authority("west")
    people = {
        f"{side}.{role}": getattr(auth, role)
        for side, auth in [("north", setup.north), ("south", setup.south), ("west", west)]
        for role in ROLES
    }
    people["health_visitor"] = setup.health_visitor
    pages = {
        reverse("retention:review"): False,
        reverse("retention:holds"): False,
        reverse("retention:reports"): False,
        reverse("retention:hold_place", args=[world["item"].pk]): True,
        reverse("retention:hold_lift", args=[world["hold"].pk]): True,
        reverse("retention:certificate", args=[world["certificate"].pk]): True,
    }
    wrong = []
    for key, user in people.items():
        client = client_for(user)
        for url, on_object in pages.items():
            status = client.get(url).status_code
            if status != _expected(key, on_object=on_object):
                wrong.append(f"{url} as {key}: {status}")
    assert not wrong, wrong


def test_the_officer_approves_disposal_of_a_batch_on_the_page(setup):
    officer = setup.north.info_lead
    referrals = [nfa_referral(setup) for _ in range(2)]
    items = [due_item(NFA, r.pk, setup.north.org) for r in referrals]
    client = client_for(officer)
    page = client.get(reverse("retention:review"))
    assert all(f'value="{item.pk}"'.encode() in page.content for item in items)
    response = client.post(
        reverse("retention:review"), {"items": [i.pk for i in items], "action": "dispose"}, follow=True
    )
    certificate = DisposalCertificate.objects.get()
    assert certificate.count == 2 and certificate.approved_by == officer
    assert certificate.reference.encode() in response.content
    assert not ReviewItem.objects.filter(status=ReviewItem.Status.DUE).exists()
    assert b"No records are due for review" in response.content
    detail = client.get(reverse("retention:certificate", args=[certificate.pk]))
    assert b"MAST referral: no further action" in detail.content and b"6 years" in detail.content


def test_the_page_refuses_a_batch_with_a_held_record_and_keeps_the_selection(setup):
    officer = setup.north.info_lead
    held, free = (due_item(NFA, nfa_referral(setup).pk, setup.north.org) for _ in range(2))
    services.legal_hold_place(actor=officer, item=held, scope="record", kind=LegalHold.Kind.LITIGATION, reason="Claim")
    client = client_for(officer)
    response = client.post(reverse("retention:review"), {"items": [held.pk, free.pk], "action": "dispose"})
    assert response.status_code == 200
    assert b"under a legal hold" in response.content and b"govuk-error-summary" in response.content
    assert f'value="{free.pk}" checked'.encode() in response.content
    assert not DisposalCertificate.objects.exists()


def test_keeping_records_longer_needs_a_date_and_a_reason(setup):
    item = due_item(NFA, nfa_referral(setup).pk, setup.north.org)
    client = client_for(setup.north.info_lead)
    response = client.post(reverse("retention:review"), {"items": [item.pk], "action": "extend"})
    assert b"Enter the date to review them again" in response.content
    assert b"Explain why these records are kept longer" in response.content
    new_due = timezone.localdate().replace(year=timezone.localdate().year + 2)
    response = client.post(
        reverse("retention:review"),
        {
            "items": [item.pk],
            "action": "extend",
            "new_due_0": new_due.day,
            "new_due_1": new_due.month,
            "new_due_2": new_due.year,
            "reason": "A sibling's case is still open",
        },
        follow=True,
    )
    item.refresh_from_db()
    assert item.review_due == new_due and b"No records are due for review" in response.content


def test_nothing_selected_is_an_error_not_a_disposal(setup):
    due_item(NFA, nfa_referral(setup).pk, setup.north.org)
    response = client_for(setup.north.info_lead).post(reverse("retention:review"), {"action": "dispose"})
    assert b"Select at least one record" in response.content
    assert not DisposalCertificate.objects.exists()


def test_placing_and_lifting_a_hold_through_the_pages(setup):
    item = due_item(NFA, nfa_referral(setup).pk, setup.north.org)
    client = client_for(setup.north.info_lead)
    response = client.post(
        reverse("retention:hold_place", args=[item.pk]),
        {"scope": "child", "kind": "safeguarding", "reason": "Live concern"},
    )
    hold = LegalHold.objects.get()
    assert response.status_code == 302 and hold.child_id is not None and hold.item == item
    assert b"Live safeguarding concern" in client.get(reverse("retention:holds")).content
    response = client.post(reverse("retention:hold_lift", args=[hold.pk]), {"reason": ""})
    assert b"Explain why the hold is lifted" in response.content
    client.post(reverse("retention:hold_lift", args=[hold.pk]), {"reason": "Concern closed"})
    hold.refresh_from_db()
    assert hold.status == LegalHold.Status.LIFTED and hold.lift_reason == "Concern closed"
    assert client.get(reverse("retention:hold_lift", args=[hold.pk])).status_code == 403


def test_the_reports_show_records_past_retention_and_disposals_by_month(setup):
    officer = setup.north.info_lead
    bulk_items(setup.north.org, 3)
    ReviewItem.objects.update(review_due=timezone.localdate().replace(year=timezone.localdate().year - 1))
    item = due_item(NFA, nfa_referral(setup).pk, setup.north.org)
    services.retention_dispose(actor=officer, item_ids=[item.pk], today=timezone.localdate())
    page = client_for(officer).get(reverse("retention:reports")).content.decode()
    assert "MAST referral: no further action" in page
    overdue = page.split('data-testid="overdue"')[1].split("</table>")[0]
    assert ">3<" in overdue
    by_month = page.split('data-testid="by-month"')[1].split("</table>")[0]
    assert f'{timezone.localdate():%b %Y}</th><td class="govuk-table__cell govuk-table__cell--numeric">1<' in by_month


@pytest.mark.parametrize("name", ["retention:review", "retention:holds", "retention:reports"])
def test_the_lists_cost_the_same_with_10_and_500_rows(setup, name):
    officer = setup.north.info_lead
    client = client_for(officer)

    def grow(count: int, start: int) -> None:
        bulk_items(setup.north.org, count, start=start)
        items = list(ReviewItem.objects.filter(status="due").order_by("pk")[start : start + count])
        LegalHold.objects.bulk_create(
            [
                LegalHold(
                    organisation=setup.north.org,
                    kind="inquiry",
                    reason="Inquiry",
                    record_type=i.record_type,
                    object_id=i.object_id,
                    placed_by=officer,
                    item=i,
                )
                for i in items[::5]
            ]
        )
        certificate_rule = items[0].rule
        DisposalCertificate.objects.bulk_create(
            [
                DisposalCertificate(
                    organisation=setup.north.org,
                    record_type=NFA,
                    record_type_label="MAST referral",
                    rule=certificate_rule,
                    rule_text="6 years",
                    count=1,
                    approved_by=officer,
                )
                for _ in range(count)
            ]
        )

    grow(10, 0)
    with_10 = queries_to_get(client, reverse(name))
    grow(490, 10)
    with_500 = queries_to_get(client, reverse(name))
    assert with_500 == with_10, (with_10, with_500)
