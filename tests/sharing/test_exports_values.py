"""The sharing-log CSV is read as plain values, not model instances (issue 14: a model instance per
row and per related record was most of a large export's time). Each cell must still say exactly what
the models' `__str__` and `get_*_display` said: this compares the file with the model-based rendering
the export used before, over decisions that vary every column (empty relations, unknown codes,
formula-like text, local time either side of midnight and of the clock change)."""

import csv
import io
from datetime import UTC, datetime

from django.urls import reverse
from django.utils import timezone

from portal.models import Child
from sharing import exports, selectors
from sharing.exports import CSV_COLUMNS, csv_cell, decisions_csv
from sharing.models import LawfulBasis, LegalGateway, SharingDecision
from tests.factories import UserFactory, make_child
from tests.helpers import client_for
from tests.sharing.factories import agreement_with, record_decision


def model_row(d: SharingDecision) -> list:
    """The row as the export wrote it from a model instance before it read plain values."""
    return [
        d.pk,
        timezone.localtime(d.started_at).strftime("%Y-%m-%d %H:%M"),
        timezone.localtime(d.completed_at).strftime("%Y-%m-%d %H:%M") if d.completed_at else "",
        d.child.full_name,
        d.made_by,
        d.organisation,
        d.get_status_display(),
        d.get_outcome_display() if d.outcome else "",
        "Yes" if d.with_consent else "No",
        d.recipient_organisation or "",
        d.recipient_name,
        d.get_purpose_display(),
        d.article_6_basis or "",
        d.article_9_condition or "",
        d.legal_gateway or "",
        d.agreement or "",
        d.reasons,
    ]


def model_csv(decisions) -> str:
    writer = csv.writer(exports._Line())
    lines = [writer.writerow(CSV_COLUMNS)]
    related = ("child", "made_by", "organisation", "recipient_organisation", "article_6_basis")
    for d in decisions.select_related(*related, "article_9_condition", "legal_gateway", "agreement"):
        lines.append(writer.writerow([csv_cell(value) for value in model_row(d)]))
    return "".join(lines)


def varied_decisions(setup) -> list[SharingDecision]:
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    formula_child = make_child(
        worker=setup.north.social_worker, team=setup.north.cin, first_name="=HYPERLINK(1)", last_name="-Smith"
    )
    plain = record_decision(setup, child)
    undecided = record_decision(setup, child)
    odd = record_decision(setup, formula_child)
    nameless = UserFactory(username="@nameless", first_name="", last_name="", organisation=setup.north.org)
    one_name = UserFactory(username="one.name", first_name="", last_name="Only", organisation=setup.north.org)
    condition = LawfulBasis.objects.create(kind=LawfulBasis.Kind.ARTICLE_9, code="+9(2)(x)", name="A test condition")
    gateway = LegalGateway.objects.create(name="-A test gateway")
    agreement = agreement_with(setup, [setup.north.org, setup.health])
    type(agreement).objects.filter(pk=agreement.pk).update(title="=An agreement")
    SharingDecision.objects.filter(pk=plain.pk).update(
        started_at=datetime(2026, 7, 1, 23, 30, tzinfo=UTC),  # British Summer Time: the next day locally
        completed_at=datetime(2026, 1, 15, 23, 59, tzinfo=UTC),
        consent_answer="yes",
        article_9_condition=condition,
        legal_gateway=gateway,
        agreement=agreement,
        reasons='@SUM(A1)\nand a second line, with "quotes", commas',
    )
    SharingDecision.objects.filter(pk=undecided.pk).update(
        made_by=nameless,
        recipient_organisation=None,
        recipient_name="\tTabbed",
        article_6_basis=None,
        outcome="",
        completed_at=None,
        status=SharingDecision.Status.AWAITING_ADVICE,
        started_at=datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # the clocks go forward at 01:00 UTC
    )
    SharingDecision.objects.filter(pk=odd.pk).update(
        made_by=one_name, purpose="retired_purpose", outcome="retired_outcome", recipient_name="+44 1234", reasons=""
    )
    return [plain, undecided, odd]


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_each_cell_says_what_the_models_said(setup):
    varied_decisions(setup)
    decisions = SharingDecision.objects.order_by("pk")
    produced = body(decisions_csv(decisions, "log.csv"))
    assert produced == model_csv(decisions)
    rows = list(csv.reader(io.StringIO(produced)))
    assert len(rows) == 4
    # What the comparison rests on, checked directly too.
    plain, undecided, odd = rows[1:]
    assert plain[1] == "2026-07-02 00:30" and plain[2] == "2026-01-15 23:59"
    assert plain[8] == "Yes" and plain[13] == "'+9(2)(x) — A test condition" and plain[14] == "'-A test gateway"
    assert plain[15] == "'=An agreement" and plain[16].startswith("'@SUM(A1)\n")
    assert undecided[4] == "'@nameless" and undecided[9] == "" and undecided[12] == "" and undecided[7] == ""
    assert undecided[2] == "" and undecided[10] == "'\tTabbed"
    assert odd[3] == "'=HYPERLINK(1) -Smith" and odd[4] == "Only" and odd[11] == "retired_purpose"
    assert odd[7] == "retired_outcome" and odd[10] == "'+44 1234"


def test_the_organisation_export_matches_the_model_rendering_in_the_same_order(setup):
    varied_decisions(setup)
    for _ in range(3):
        record_decision(setup, Child.objects.order_by("pk").first())
    response = client_for(setup.north.caldicott).get(reverse("sharing:organisation_log"), {"format": "csv"})
    expected = model_csv(selectors.decision_log_for_organisation(organisation=setup.north.org))
    assert body(response) == expected
    assert expected.count("\r\n") >= 6
