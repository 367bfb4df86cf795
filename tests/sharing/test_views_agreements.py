"""Agreement pages."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal import services as core
from sharing import services
from sharing.models import SharingAgreement
from tests.helpers import client_for, queries_to_get
from tests.sharing.factories import agreement_with


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


def test_agreement_and_privacy_lists_query_counts_stay_flat(setup, child):
    client = client_for(setup.north.social_worker)

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
    few = [
        queries_to_get(client, reverse("sharing:agreement_list")),
        queries_to_get(client, reverse("sharing:privacy_notice_list")),
    ]
    for i in range(1, 12):
        add(i)
    assert [
        queries_to_get(client, reverse("sharing:agreement_list")),
        queries_to_get(client, reverse("sharing:privacy_notice_list")),
    ] == few


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


def test_the_agreement_pages_show_current_parties_only(setup):
    agreement = agreement_with(setup, [setup.north.org, setup.health])
    agreement_with(setup, [setup.north.org], agreement=agreement)
    client = client_for(setup.north.info_lead)
    for url in (reverse("sharing:agreement_detail", args=[agreement.pk]), reverse("sharing:agreement_list")):
        content = client.get(url).content.decode()
        assert setup.north.org.name in content and setup.health.name not in content, url
    form = client.get(reverse("sharing:agreement_edit", args=[agreement.pk])).context["form"]
    assert form.initial["parties"] == [setup.north.org.pk]


def test_the_admin_shows_parties_and_cannot_delete_one(setup, admin_client):
    agreement = agreement_with(setup, [setup.north.org, setup.health])
    agreement_with(setup, [setup.north.org], agreement=agreement)
    page = admin_client.get(reverse("admin:sharing_sharingagreement_change", args=[agreement.pk]))
    assert page.status_code == 200
    inline = page.context["inline_admin_formsets"][0]
    assert not inline.formset.can_delete and inline.formset.total_form_count() == 2
