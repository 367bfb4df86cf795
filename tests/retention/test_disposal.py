"""Retention's "Done when" (issue 17): records past their period appear for review; disposal removes
the personal data from the record and its history rows (read back with raw SQL), writes a
certificate, and is refused under a legal hold; the sweep only lists, however often it runs."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from referrals.models import MastReferral
from retention import services
from retention.models import DisposalCertificate, LegalHold, ReviewItem
from tests.retention.factories import later, listed, nfa_referral, withdrawn_move

NFA = "referrals.no_further_action"
MOVE = "early_intervention.move"


def rows(sql: str, *params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_a_referral_past_its_period_is_listed_for_review_and_one_within_it_is_not(setup):
    referral = nfa_referral(setup)
    services.retention_list_due(today=later(years=5))
    assert not ReviewItem.objects.exists()
    item = listed(NFA, referral, today=later(years=7))
    assert item.organisation == setup.north.org and item.status == ReviewItem.Status.DUE
    assert item.review_due <= later(years=7) and item.trigger_date == referral.outcome_recorded_at.date()


def test_a_referral_with_another_outcome_is_never_listed(setup):
    from tests.referrals.factories import screened, sent

    screened(setup, sent(setup))  # strategy discussion: not a no-further-action referral
    services.retention_list_due(today=later(years=30))
    assert not ReviewItem.objects.filter(record_type=NFA).exists()


def test_the_sweep_run_twice_lists_once_and_disposes_of_nothing(setup):
    referral = nfa_referral(setup)
    before = rows("SELECT what_happened, child_id FROM referrals_mastreferral WHERE id = %s", referral.pk)
    first = services.retention_sweep(today=later())
    second = services.retention_sweep(today=later())
    # The referral, and the sharing decision recorded when it was sent.
    assert (first, second) == ({"listed": 2}, {"listed": 0})
    # Another run later the same week, or the listing run by hand: still nothing more.
    assert services.retention_list_due(today=later()) == {"listed": 0}
    assert set(ReviewItem.objects.values_list("status", flat=True)) == {ReviewItem.Status.DUE}
    assert not DisposalCertificate.objects.exists()
    assert rows("SELECT what_happened, child_id FROM referrals_mastreferral WHERE id = %s", referral.pk) == before
    assert before[0][0]  # the referral still says what happened


def test_disposal_removes_the_personal_data_from_the_record_and_its_history(setup):
    referral = nfa_referral(setup)
    item = listed(NFA, referral)
    assert MastReferral.history.model._meta.db_table == "referrals_historicalmastreferral"
    assert (
        rows(
            "SELECT count(*) FROM referrals_historicalmastreferral WHERE id = %s AND what_happened <> ''", referral.pk
        )[0][0]
        > 0
    )

    [certificate] = services.retention_dispose(actor=setup.north.info_lead, item_ids=[item.pk], today=later())

    record = rows(
        "SELECT child_id, what_happened, referrer_view, child_views, family_views FROM referrals_mastreferral WHERE id = %s",
        referral.pk,
    )[0]
    assert record == (None, "", "", "", "")
    history = rows(
        "SELECT child_id, what_happened, referrer_view, history_change_reason FROM referrals_historicalmastreferral "
        "WHERE id = %s",
        referral.pk,
    )
    assert [row[:3] for row in history] == [(None, "", "")]  # one version left, and it holds nothing
    assert history[0][3].startswith("Disposed of under retention rule")
    assert (
        rows(
            "SELECT count(*) FROM referrals_historicalscreening WHERE referral_id = %s AND reasons <> ''", referral.pk
        )[0][0]
        == 0
    )
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.DISPOSED and item.certificate == certificate
    assert (certificate.count, certificate.record_type, certificate.approved_by) == (1, NFA, setup.north.info_lead)
    assert "6 years" in certificate.rule_text


def test_the_certificate_names_no_one(setup):
    referral = nfa_referral(setup)
    child = referral.child
    item = listed(NFA, referral)
    [certificate] = services.retention_dispose(actor=setup.north.info_lead, item_ids=[item.pk], today=later())
    written = " ".join(
        str(value) for value in rows("SELECT * FROM retention_disposalcertificate WHERE id = %s", certificate.pk)[0]
    )
    for detail in (child.first_name, child.last_name, child.nhs_number):
        assert detail not in written


def test_an_early_intervention_move_is_anonymised_with_its_history(setup):
    move = withdrawn_move(setup)
    item = listed(MOVE, move)
    services.retention_dispose(actor=setup.north.info_lead, item_ids=[item.pk], today=later())
    assert rows("SELECT withdrawal_reason FROM transfers_historicalearlyinterventionmove WHERE id = %s", move.pk) == [
        ("",)
    ]
    assert (
        rows(
            "SELECT contact_name FROM transfers_historicalearlyinterventionagency WHERE move_id = %s AND contact_name <> ''",
            move.pk,
        )
        == []
    )


def test_a_cin_transfer_is_listed_at_the_childs_25th_birthday(setup):
    from tests.transfers.factories import accept, referred_transfer

    transfer = accept(setup, referred_transfer(setup))
    birthday = transfer.child.date_of_birth.replace(year=transfer.child.date_of_birth.year + 25)
    services.retention_list_due(today=birthday.replace(day=1) if birthday.day > 1 else birthday.replace(month=1))
    assert not ReviewItem.objects.filter(record_type="transfers.cin_transfer").exists()
    item = listed("transfers.cin_transfer", transfer, today=birthday)
    assert item.review_due == birthday


@pytest.mark.parametrize("scope", ["record", "child"])
def test_disposal_is_refused_under_a_legal_hold_until_it_is_lifted(setup, scope):
    referral = nfa_referral(setup)
    item = listed(NFA, referral)
    officer = setup.north.info_lead
    hold = services.legal_hold_place(
        actor=officer, item=item, scope=scope, kind=LegalHold.Kind.LITIGATION, reason="Claim"
    )
    with pytest.raises(ValidationError, match="legal hold"):
        services.retention_dispose(actor=officer, item_ids=[item.pk], today=later())
    assert rows("SELECT what_happened FROM referrals_mastreferral WHERE id = %s", referral.pk)[0][0]
    assert not DisposalCertificate.objects.exists()

    services.legal_hold_lift(actor=officer, hold=hold, reason="Claim settled")
    services.retention_dispose(actor=officer, item_ids=[item.pk], today=later())
    assert rows("SELECT what_happened FROM referrals_mastreferral WHERE id = %s", referral.pk)[0][0] == ""


def test_a_hold_on_the_child_holds_the_childs_other_records_too(setup):
    first = nfa_referral(setup)
    second = nfa_referral(setup, child=first.child)
    first_item, second_item = listed(NFA, first), listed(NFA, second)
    officer = setup.north.info_lead
    services.legal_hold_place(
        actor=officer, item=first_item, scope="child", kind=LegalHold.Kind.INQUIRY, reason="Inquiry"
    )
    with pytest.raises(ValidationError):
        services.retention_dispose(actor=officer, item_ids=[second_item.pk], today=later())


def test_only_a_lead_information_officer_of_the_organisation_disposes(setup):
    item = listed(NFA, nfa_referral(setup))
    with pytest.raises(PermissionDenied):
        services.retention_dispose(actor=setup.north.caldicott, item_ids=[item.pk], today=later())
    with pytest.raises(ValidationError):
        services.retention_dispose(actor=setup.south.info_lead, item_ids=[item.pk], today=later())
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.DUE


def test_an_extension_keeps_the_record_until_the_new_date_with_its_reason(setup):
    referral = nfa_referral(setup)
    item = listed(NFA, referral)
    officer = setup.north.info_lead
    with pytest.raises(ValidationError) as refused:
        services.retention_extend(actor=officer, item_ids=[item.pk], new_due=later(), reason="", today=later())
    assert set(refused.value.error_dict) == {"reason", "new_due"}
    new_due = later(years=9)
    services.retention_extend(
        actor=officer, item_ids=[item.pk], new_due=new_due, reason="Sibling's case open", today=later()
    )
    item.refresh_from_db()
    assert item.review_due == new_due and item.extensions.get().reason == "Sibling's case open"
    # Not disposable before the new date; the sweep does not list it again.
    with pytest.raises(ValidationError):
        services.retention_dispose(actor=officer, item_ids=[item.pk], today=later(years=8))
    assert services.retention_list_due(today=later(years=8)) == {"listed": 0}
    services.retention_dispose(actor=officer, item_ids=[item.pk], today=new_due)


def test_a_record_disposed_of_twice_is_refused_the_second_time(setup):
    from portal.services import InvalidTransition

    item = listed(NFA, nfa_referral(setup))
    services.retention_dispose(actor=setup.north.info_lead, item_ids=[item.pk], today=later())
    with pytest.raises(InvalidTransition):
        services.retention_dispose(actor=setup.north.info_lead, item_ids=[item.pk], today=later())
    assert DisposalCertificate.objects.count() == 1


def test_a_disposed_record_cannot_be_held(setup):
    from portal.services import InvalidTransition

    item = listed(NFA, nfa_referral(setup))
    officer = setup.north.info_lead
    services.retention_dispose(actor=officer, item_ids=[item.pk], today=later())
    item.refresh_from_db()
    with pytest.raises(InvalidTransition):
        services.legal_hold_place(actor=officer, item=item, scope="record", kind=LegalHold.Kind.INQUIRY, reason="x")
    assert not LegalHold.objects.exists()


def test_a_sharing_decision_keeps_its_outcome_but_loses_its_reasons_and_their_history(setup):
    from tests.factories import make_child
    from tests.sharing.factories import record_decision

    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    decision = record_decision(setup, child)
    item = listed("sharing.decision", decision)
    assert item.organisation_id == decision.organisation_id
    services.retention_dispose(actor=setup.north.info_lead, item_ids=[item.pk], today=later())
    assert rows("SELECT outcome, reasons, requested_by FROM sharing_sharingdecision WHERE id = %s", decision.pk) == [
        (decision.outcome, "", "")
    ]
    assert rows(
        "SELECT count(*) FROM sharing_historicalsharingdecision WHERE id = %s AND (reasons <> '' OR requested_by <> '')",
        decision.pk,
    ) == [(0,)]
