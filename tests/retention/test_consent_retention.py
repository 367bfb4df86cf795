"""Consent records as a retention record type (issue 17, "agreement"): kept until the child's 25th
birthday, never listed nor disposed of while a draft, open work or access given on it relies on it,
then anonymised with their history; a legal hold blocks it and the pages name no one."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from retention import services
from retention.models import LegalHold, ReviewItem
from sharing import services as sharing_services
from sharing.models import ConsentRecipient, ConsentRecord
from sharing.retention import consent_reliances
from tests.factories import PersonFactory, make_child, relate
from tests.helpers import client_for, queries_to_get
from tests.referrals.factories import fill, health_child, screened, sent, start
from tests.retention.factories import bulk_items, due_item, later, listed
from tests.sharing.factories import give_consent, share_with_consent

CONSENT = "sharing.consent"
NAME, SURNAME, BORN = "Zebediah", "Quillfeather", date(2015, 3, 9)
TWENTY_FIFTH = date(2040, 3, 9)
FREE_TEXT = ["purpose_detail", "recipients_detail", "explanation", "capacity_reason", "withdrawal_note"]


def rows(sql: str, *params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def north_child(setup):
    return make_child(
        worker=setup.north.social_worker,
        team=setup.north.cin,
        first_name=NAME,
        last_name=SURNAME,
        date_of_birth=BORN,
        nhs_number="9434765919",
    )


def consent_about(setup, child) -> ConsentRecord:
    """Given by the mother, in words that name the family, then withdrawn (so it has a history)."""
    from portal.models import Relationship

    mother = PersonFactory(first_name="Marigold", last_name=SURNAME)
    relate(child, mother, Relationship.Kind.MOTHER, has_parental_responsibility=True)
    consent = sharing_services.consent_record(
        actor=setup.north.social_worker,
        child=child,
        details=sharing_services.ConsentDetails(
            given_by=ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY,
            given_by_person=mother,
            purpose="safeguarding",
            status=ConsentRecord.Status.GIVEN,
            method=ConsentRecord.Method.IN_WRITING,
            decided_on=timezone.localdate(),
            recipients=[setup.health],
            categories=["identity", "health"],
            purpose_detail=f"So {NAME}'s health visitor can plan visits",
            recipients_detail=f"Nurse Bramble, who sees {NAME}",
            explanation=f"Marigold {SURNAME} signed the form at home",
        ),
    )
    return sharing_services.consent_withdraw(
        actor=setup.north.social_worker,
        consent=consent,
        method=ConsentRecord.Method.VERBAL_PHONE,
        note=f"Marigold {SURNAME} rang to say {NAME}'s father objects",
    )


def is_listed(record, today: date) -> bool:
    services.retention_list_due(today=today)
    return ReviewItem.objects.filter(record_type=CONSENT, object_id=record.pk).exists()


def test_a_consent_record_is_listed_on_the_childs_25th_birthday_and_not_before(setup):
    consent = consent_about(setup, north_child(setup))
    assert not is_listed(consent, date(2040, 3, 8))
    assert is_listed(consent, TWENTY_FIFTH)
    item = ReviewItem.objects.get(record_type=CONSENT, object_id=consent.pk)
    assert (item.trigger_date, item.review_due) == (BORN, TWENTY_FIFTH)
    assert item.organisation == setup.north.org  # the organisation of the practitioner who recorded it


def test_consent_is_kept_while_access_given_on_it_is_in_force(setup):
    child = north_child(setup)
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    share_with_consent(setup, child, consent)  # the health visitor sees what was shared, on this consent
    assert not is_listed(consent, later(years=40))
    sharing_services.consent_withdraw(
        actor=setup.north.social_worker, consent=consent, method=ConsentRecord.Method.VERBAL_PHONE, note="Withdrawn"
    )
    assert is_listed(consent, later(years=40))


def test_a_drafts_consent_and_an_open_referrals_are_never_listed(setup):
    referral = fill(start(setup.health_visitor, health_child(setup)), setup.health_visitor, consent="given")
    draft = ConsentRecord.with_drafts.get(pk=referral.consent_record_id)
    assert draft.is_draft
    assert not is_listed(draft, later(years=40))

    referral = sent(setup, consent="given")  # recorded, and the referral waits for screening
    assert not referral.consent_record.is_draft
    assert not is_listed(referral.consent_record, later(years=40))
    screened(setup, referral)
    assert is_listed(referral.consent_record, later(years=40))


def test_every_record_that_refers_to_consent_says_when_it_relies_on_it():
    referring = {
        field.related_model._meta.label_lower
        for field in ConsentRecord._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and field.related_model is not ConsentRecipient
        if not field.related_model._meta.model_name.startswith("historical")
    }
    assert {"referrals.mastreferral", "transfers.cintransfer", "sharing.sharingdecision"} <= referring
    assert referring <= set(consent_reliances())


def test_disposal_empties_the_free_text_in_the_record_and_its_history_and_keeps_the_rest(setup):
    consent = consent_about(setup, north_child(setup))
    item = listed(CONSENT, consent, today=TWENTY_FIFTH)
    assert rows("SELECT count(*) FROM sharing_historicalconsentrecord WHERE id = %s", consent.pk)[0][0] > 1

    [certificate] = services.retention_dispose(actor=setup.north.info_lead, item_ids=[item.pk], today=TWENTY_FIFTH)

    columns = ", ".join(FREE_TEXT)  # a fixed list, never input
    record = rows(f"SELECT {columns} FROM sharing_consentrecord WHERE id = %s", consent.pk)  # noqa: S608
    history = rows(f"SELECT {columns} FROM sharing_historicalconsentrecord WHERE id = %s", consent.pk)  # noqa: S608
    assert record == history == [("",) * len(FREE_TEXT)]
    whole_history = str(rows("SELECT * FROM sharing_historicalconsentrecord WHERE id = %s", consent.pk))
    assert NAME not in whole_history and SURNAME not in whole_history and "Bramble" not in whole_history
    kept = "status, purpose, decided_on, withdrawn_at IS NOT NULL"
    assert rows(f"SELECT {kept} FROM sharing_consentrecord WHERE id = %s", consent.pk) == [  # noqa: S608
        ("withdrawn", "safeguarding", consent.decided_on, True)
    ]
    assert ConsentRecipient.objects.filter(consent=consent, organisation=setup.health).exists()
    assert certificate.record_type_label == "Consent record" and certificate.count == 1


def test_disposal_is_refused_when_something_relies_on_the_consent_again(setup):
    child = north_child(setup)
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    item = listed(CONSENT, consent, today=later(years=40))
    share_with_consent(setup, child, consent)
    with pytest.raises(ValidationError, match="relied on"):
        services.retention_dispose(actor=setup.north.info_lead, item_ids=[item.pk], today=later(years=40))
    assert ReviewItem.objects.get(pk=item.pk).status == ReviewItem.Status.DUE


@pytest.mark.parametrize("scope", ["record", "child"])
def test_a_legal_hold_blocks_disposal_of_a_consent_record(setup, scope):
    consent = consent_about(setup, north_child(setup))
    item = listed(CONSENT, consent, today=TWENTY_FIFTH)
    officer = setup.north.info_lead
    services.legal_hold_place(actor=officer, item=item, scope=scope, kind=LegalHold.Kind.LITIGATION, reason="Claim")
    with pytest.raises(ValidationError, match="legal hold"):
        services.retention_dispose(actor=officer, item_ids=[item.pk], today=TWENTY_FIFTH)
    assert rows("SELECT explanation FROM sharing_consentrecord WHERE id = %s", consent.pk) == [
        (f"Marigold {SURNAME} signed the form at home",)
    ]


def test_no_retention_page_shows_the_consent_records_personal_data(setup):
    child = north_child(setup)
    consent = consent_about(setup, child)
    officer = setup.north.info_lead
    item = due_item(CONSENT, consent.pk, setup.north.org)
    held = due_item(CONSENT, consent_about(setup, child).pk, setup.north.org)
    hold = services.legal_hold_place(
        actor=officer, item=held, scope="record", kind=LegalHold.Kind.INQUIRY, reason="Inquiry"
    )
    client = client_for(officer)
    review = client.get(reverse("retention:review")).content.decode()
    assert "Consent record" in review and f"Record {consent.pk}" in review  # the page did show it
    [certificate] = services.retention_dispose(actor=officer, item_ids=[item.pk], today=timezone.localdate())
    pages = [
        reverse("retention:review"),
        reverse("retention:holds"),
        reverse("retention:reports"),
        reverse("retention:certificate", args=[certificate.pk]),
        reverse("retention:hold_place", args=[held.pk]),
        reverse("retention:hold_lift", args=[hold.pk]),
    ]
    personal = [NAME, SURNAME, "Marigold", "Bramble", "9434765919", "9 March 2015", "2015-03-09"]
    found = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found += [f"{url}: {value}" for value in personal if value in response.content.decode()]
    assert not found, found


def test_the_review_list_costs_the_same_with_10_and_500_consent_records(setup):
    client = client_for(setup.north.info_lead)
    bulk_items(setup.north.org, 10, record_type=CONSENT)
    with_10 = queries_to_get(client, reverse("retention:review"))
    bulk_items(setup.north.org, 490, start=10, record_type=CONSENT)
    with_500 = queries_to_get(client, reverse("retention:review"))
    assert with_500 == with_10, (with_10, with_500)
