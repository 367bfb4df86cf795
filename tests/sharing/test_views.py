import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import services as core
from sharing import services
from sharing.models import ConsentRecord, PrivacyNotice, Purpose, SharingAgreement, SharingDecision
from tests.factories import make_child
from tests.helpers import client_for
from tests.sharing.factories import basis, give_consent, shared_details


@pytest.fixture
def child(setup):
    return make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Ada", last_name="North")


def request_to(setup, user=None):
    return services.SharingRequest(
        requested_by="Health visitor",
        purpose=Purpose.SAFEGUARDING,
        purpose_detail="Plan visits",
        recipient_organisation=setup.health,
        recipient_name="Hana Visitor",
        recipient_user=user,
    )


def record_decision(setup, child, answers=None, **kwargs):
    answers = answers or {"purpose": "yes", "consent": "no", "identifiable": "no"}
    shared = shared_details() if kwargs.pop("share", True) else None
    return services.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=request_to(setup),
        answers=answers,
        reasons="Reasons recorded",
        shared=shared,
        **kwargs,
    )


# --- Role matrix ---------------------------------------------------------------------------------


def test_child_pages_role_matrix(setup, child):
    urls = [
        reverse("sharing:child_consent", args=[child.pk]),
        reverse("sharing:child_log", args=[child.pk]),
        reverse("sharing:decision_start", args=[child.pk]),
    ]
    for url in urls:
        assert client_for(setup.north.social_worker).get(url).status_code == 200, url
        assert client_for(setup.south.social_worker).get(url).status_code == 404, url
        assert client_for(setup.north.caldicott).get(url).status_code == 404, url


def test_recording_consent_needs_edit_access(setup, child):
    url = reverse("sharing:consent_create", args=[child.pk])
    assert client_for(setup.north.social_worker).get(url).status_code == 200
    services_grant_view(setup, child)
    assert client_for(setup.health_visitor).get(url).status_code == 403
    assert client_for(setup.south.social_worker).get(url).status_code == 404


def services_grant_view(setup, child):
    core.child_access_grant(child=child, basis="referral", level="view", user=setup.health_visitor)


def test_consent_detail_and_withdraw_role_matrix(setup, child):
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    services_grant_view(setup, child)
    detail = reverse("sharing:consent_detail", args=[consent.pk])
    withdraw = reverse("sharing:consent_withdraw", args=[consent.pk])
    assert client_for(setup.north.social_worker).get(detail).status_code == 200
    assert client_for(setup.health_visitor).get(detail).status_code == 200
    assert client_for(setup.south.social_worker).get(detail).status_code == 404
    assert client_for(setup.north.social_worker).get(withdraw).status_code == 200
    assert client_for(setup.health_visitor).get(withdraw).status_code == 403
    assert client_for(setup.south.social_worker).get(withdraw).status_code == 404


def test_decision_pages_role_matrix(setup, child):
    draft = services.sharing_decision_start(actor=setup.north.social_worker, child=child, request=request_to(setup))
    question = reverse("sharing:decision_question", args=[draft.pk, "purpose"])
    detail = reverse("sharing:decision_detail", args=[draft.pk])
    assert client_for(setup.north.social_worker).get(question).status_code == 200
    assert client_for(setup.north.cin_manager).get(question).status_code == 403  # sees the child, not their decision
    assert client_for(setup.north.cin_manager).get(detail).status_code == 200
    assert client_for(setup.north.caldicott).get(detail).status_code == 200  # the organisation's guardian
    assert client_for(setup.south.caldicott).get(detail).status_code == 404
    assert client_for(setup.south.social_worker).get(question).status_code == 404
    advice = reverse("sharing:decision_advice", args=[draft.pk])
    assert client_for(setup.north.social_worker).get(advice).status_code == 403
    assert client_for(setup.south.caldicott).get(advice).status_code == 404


def test_amend_role_matrix(setup, child):
    decision = record_decision(setup, child)
    url = reverse("sharing:decision_amend", args=[decision.pk])
    assert client_for(setup.north.social_worker).get(url).status_code == 200
    assert client_for(setup.north.caldicott).get(url).status_code == 200
    assert client_for(setup.north.cin_manager).get(url).status_code == 403
    assert client_for(setup.south.social_worker).get(url).status_code == 404


def test_organisation_log_is_for_reviewers(setup, child):
    record_decision(setup, child)
    url = reverse("sharing:organisation_log")
    assert client_for(setup.north.caldicott).get(url).status_code == 200
    assert client_for(setup.north.info_lead).get(url).status_code == 200
    assert client_for(setup.north.social_worker).get(url).status_code == 403
    # Another organisation's guardian sees their own (empty) log, not this one.
    assert b"Ada North" not in client_for(setup.south.caldicott).get(url).content
    assert b"Ada North" in client_for(setup.north.caldicott).get(url).content


def test_agreement_pages_role_matrix(setup):
    agreement = services.agreement_save(
        actor=setup.north.info_lead,
        details=services.AgreementDetails(
            tier="2",
            title="Early help protocol",
            purpose="p",
            starts_on=date(2025, 1, 1),
            review_on=date(2027, 1, 1),
            parties=[setup.north.org, setup.health],
        ),
    )
    for user in [setup.north.social_worker, setup.health_visitor, setup.north.info_lead]:
        assert client_for(user).get(reverse("sharing:agreement_list")).status_code == 200
        assert client_for(user).get(reverse("sharing:agreement_detail", args=[agreement.pk])).status_code == 200
    assert client_for(setup.north.social_worker).get(reverse("sharing:agreement_create")).status_code == 403
    assert (
        client_for(setup.north.social_worker).get(reverse("sharing:agreement_edit", args=[agreement.pk])).status_code
        == 403
    )
    assert client_for(setup.north.info_lead).get(reverse("sharing:agreement_create")).status_code == 200
    assert client_for(setup.north.info_lead).get(reverse("sharing:agreement_detail", args=[999999])).status_code == 404


def test_privacy_notice_pages_role_matrix(setup, child):
    link = core.person_add_to_child(
        actor=setup.north.social_worker,
        child=child,
        person=core.PersonDetails(first_name="Alex", last_name="Visitor"),
        relationship=core.RelationshipDetails(kind="significant_other", source="third_party", obtained_on=date.today()),
    )
    notice = link.privacy_notice
    url = reverse("sharing:privacy_notice_detail", args=[notice.pk])
    assert client_for(setup.north.social_worker).get(url).status_code == 200
    assert client_for(setup.north.cin_manager).get(url).status_code == 200
    assert client_for(setup.north.info_lead).get(url).status_code == 200
    assert client_for(setup.south.social_worker).get(url).status_code == 404
    # The lead information officer oversees but does not work on the child.
    response = client_for(setup.north.info_lead).post(
        url, {"action": "exempt", "exemption": "impossible", "justification": "x"}
    )
    assert response.status_code == 403
    listing = client_for(setup.north.social_worker).get(reverse("sharing:privacy_notice_list"))
    assert b"Alex Visitor" in listing.content
    assert (
        b"Alex Visitor" not in client_for(setup.south.social_worker).get(reverse("sharing:privacy_notice_list")).content
    )


def test_sharing_home_works_for_every_role(setup, child):
    for user in [setup.north.social_worker, setup.north.cin_manager, setup.north.caldicott, setup.health_visitor]:
        assert client_for(user).get(reverse("sharing:home")).status_code == 200


# --- Behaviour through the pages -----------------------------------------------------------------


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


def test_the_question_pages_walk_the_flow_and_prefill_consent(setup, child):
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    client = client_for(setup.north.social_worker)
    response = client.post(
        reverse("sharing:decision_start", args=[child.pk]),
        {
            "requested_by": "HV",
            "recipient_organisation": setup.health.pk,
            "recipient_name": "Hana",
            "purpose": "safeguarding",
            "purpose_detail": "Plan visits",
        },
    )
    decision = SharingDecision.objects.get()
    assert response.url == reverse("sharing:decision_question", args=[decision.pk, "purpose"])
    # Jumping ahead is not allowed: the flow sends you to the question it needs.
    skip = client.get(reverse("sharing:decision_question", args=[decision.pk, "lawful_without_consent"]))
    assert skip.url == reverse("sharing:decision_question", args=[decision.pk, "purpose"])
    response = client.post(reverse("sharing:decision_question", args=[decision.pk, "purpose"]), {"answer": "yes"})
    assert response.url == reverse("sharing:decision_question", args=[decision.pk, "consent"])
    page = client.get(response.url)
    assert b'data-testid="consent-in-force"' in page.content
    checked = re.search(r'<input[^>]*value="yes"[^>]*>', page.content.decode()).group(0)
    assert 'checked="checked"' in checked  # pre-filled from the consent in force
    response = client.post(reverse("sharing:decision_question", args=[decision.pk, "consent"]), {"answer": "yes"})
    assert response.url == reverse("sharing:decision_outcome", args=[decision.pk])
    decision.refresh_from_db()
    assert decision.consent_record == consent
    assert b"You can share" in client.get(response.url).content


def test_an_empty_answer_is_a_govuk_error(setup, child):
    draft = services.sharing_decision_start(actor=setup.north.social_worker, child=child, request=request_to(setup))
    response = client_for(setup.north.social_worker).post(
        reverse("sharing:decision_question", args=[draft.pk, "purpose"]), {}
    )
    assert response.status_code == 200
    assert b"Choose yes, no or not sure" in response.content


def test_share_page_says_a_missing_agreement_is_not_a_reason_not_to_share(setup, child):
    actor = setup.north.social_worker
    decision = services.sharing_decision_start(actor=actor, child=child, request=request_to(setup))
    for q, a in [("purpose", "yes"), ("consent", "no"), ("identifiable", "no")]:
        decision = services.sharing_decision_answer(actor=actor, decision=decision, question=q, answer=a)
    page = client_for(actor).get(reverse("sharing:decision_outcome", args=[decision.pk]))
    assert b'data-testid="no-agreement"' in page.content
    assert b"never, by itself, a reason not to share" in page.content


def test_a_locked_decision_cannot_be_changed_through_the_pages(setup, child):
    decision = record_decision(setup, child)
    client = client_for(setup.north.social_worker)
    response = client.post(reverse("sharing:decision_question", args=[decision.pk, "purpose"]), {"answer": "no"})
    assert response.status_code == 302 and response.url == decision.get_absolute_url()
    decision.refresh_from_db()
    assert decision.purpose_answer == "yes"


def test_the_log_filters_and_exports_csv(setup, child):
    record_decision(setup, child)
    record_decision(setup, child, answers={"purpose": "no", "consent": "no"}, share=False)
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    services.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=request_to(setup),
        answers={"purpose": "yes", "consent": "yes"},
        consent=consent,
        reasons="Agreed",
        shared=shared_details(article_6_basis=basis("6(1)(a)")),
    )
    client = client_for(setup.north.social_worker)
    url = reverse("sharing:child_log", args=[child.pk])
    assert client.get(url).content.count(b"sharing/decisions/") == 3
    assert client.get(url, {"outcome": "do_not_share"}).content.count(b"sharing/decisions/") == 1
    assert client.get(url, {"consent": "with"}).content.count(b"sharing/decisions/") == 1
    assert client.get(url, {"consent": "without"}).content.count(b"sharing/decisions/") == 2
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert client.get(url, {"date_from": tomorrow}).content.count(b"sharing/decisions/") == 0

    response = client.get(url, {"format": "csv", "outcome": "share"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Decision"
    assert len(rows) == 3
    assert {row[7] for row in rows[1:]} == {"Share"}


def test_csv_cells_never_start_a_formula(setup, child):
    decision = services.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=services.SharingRequest(
            requested_by="x",
            purpose="safeguarding",
            purpose_detail="x",
            recipient_organisation=setup.health,
            recipient_name='=HYPERLINK("x")',
        ),
        answers={"purpose": "no", "consent": "no"},
        reasons="=1+1",
    )
    response = client_for(setup.north.social_worker).get(
        reverse("sharing:child_log", args=[child.pk]), {"format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == str(decision.pk)
    assert rows[1][10].startswith("'=")
    assert rows[1][16] == "'=1+1"


def test_log_query_counts_stay_flat(setup, child):
    client = client_for(setup.north.caldicott)

    def count(url) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [reverse("sharing:organisation_log"), reverse("sharing:child_log", args=[child.pk])]
    record_decision(setup, child)
    core.child_access_grant(child=child, basis="referral", level="view", user=setup.north.caldicott)
    few = [count(url) for url in urls]
    for _ in range(15):
        record_decision(setup, child)
    assert [count(url) for url in urls] == few


def test_agreement_and_privacy_lists_query_counts_stay_flat(setup, child):
    client = client_for(setup.north.social_worker)

    def count(url) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add(i):
        services.agreement_save(
            actor=setup.north.info_lead,
            details=services.AgreementDetails(
                tier="2",
                title=f"A{i}",
                purpose="p",
                starts_on=date(2025, 1, 1),
                review_on=date(2027, 1, 1),
                parties=[setup.north.org, setup.health],
            ),
        )
        core.person_add_to_child(
            actor=setup.north.social_worker,
            child=child,
            person=core.PersonDetails(first_name=f"P{i}", last_name="Visitor"),
            relationship=core.RelationshipDetails(kind="significant_other", source="third_party"),
        )

    add(0)
    few = [count(reverse("sharing:agreement_list")), count(reverse("sharing:privacy_notice_list"))]
    for i in range(1, 12):
        add(i)
    assert [count(reverse("sharing:agreement_list")), count(reverse("sharing:privacy_notice_list"))] == few


def test_agreement_upload_accepts_a_pdf_and_refuses_anything_else(setup):
    client = client_for(setup.north.info_lead)
    data = {
        "tier": "operational",
        "title": "MASH agreement",
        "purpose": "Screening",
        "parties": [setup.north.org.pk, setup.health.pk],
        "starts_on_0": "1",
        "starts_on_1": "1",
        "starts_on_2": "2026",
        "review_on_0": "1",
        "review_on_1": "1",
        "review_on_2": "2027",
    }
    fake = SimpleUploadedFile("agreement.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("sharing:agreement_create"), {**data, "document": fake})
    assert response.status_code == 200
    assert b"its contents do not match its name" in response.content
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    assert (
        b"must be a PDF or an Office document (Word, Excel, PowerPoint or OpenDocument)"
        in client.post(reverse("sharing:agreement_create"), {**data, "document": exe}).content
    )
    pdf = SimpleUploadedFile("agreement.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    response = client.post(reverse("sharing:agreement_create"), {**data, "document": pdf})
    assert response.status_code == 302
    assert SharingAgreement.objects.get().document.name.endswith(".pdf")


def test_agreements_due_for_review_are_listed(setup):
    for title, review in [("Soon", date.today() + timedelta(days=10)), ("Later", date.today() + timedelta(days=200))]:
        services.agreement_save(
            actor=setup.north.info_lead,
            details=services.AgreementDetails(
                tier="1",
                title=title,
                purpose="p",
                starts_on=date(2025, 1, 1),
                review_on=review,
                parties=[setup.north.org],
            ),
        )
    content = client_for(setup.north.social_worker).get(reverse("sharing:agreement_list"), {"due": "1"}).content
    assert b"Soon" in content and b"Later" not in content


def test_recording_a_privacy_exemption_through_the_page(setup, child):
    link = core.person_add_to_child(
        actor=setup.north.social_worker,
        child=child,
        person=core.PersonDetails(first_name="Alex", last_name="Visitor"),
        relationship=core.RelationshipDetails(kind="significant_other", source="third_party"),
    )
    url = reverse("sharing:privacy_notice_detail", args=[link.privacy_notice.pk])
    client = client_for(setup.north.social_worker)
    bad = client.post(url, {"action": "exempt", "exemption": "impair_purpose", "justification": ""})
    assert b"Justify why the exemption applies" in bad.content
    assert (
        client.post(
            url, {"action": "exempt", "exemption": "impair_purpose", "justification": "Would alert him"}
        ).status_code
        == 302
    )
    assert PrivacyNotice.objects.get().status == "exempt"


def test_a_question_the_flow_never_reached_leads_to_the_outcome(setup, child):
    actor = setup.north.social_worker
    decision = services.sharing_decision_start(actor=actor, child=child, request=request_to(setup))
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="purpose", answer="unsure")
    response = client_for(actor).get(reverse("sharing:decision_question", args=[decision.pk, "identifiable"]))
    assert response.url == reverse("sharing:decision_outcome", args=[decision.pk])
    assert (
        client_for(actor).get(reverse("sharing:decision_question", args=[decision.pk, "nonsense"])).status_code == 302
    )


def test_consent_list_query_count_stays_flat(setup, child):
    client = client_for(setup.north.social_worker)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("sharing:child_consent", args=[child.pk])).status_code == 200
        return len(queries)

    give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    few = count()
    for _ in range(10):
        give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health, setup.south.org])
    assert count() == few
