"""Demo Child-in-Need transfers for `manage.py seed_demo`: one in every state and every clock
colour, between the two demo authorities, made through the services so that access, the sharing
decisions, escalations and history are exactly what the portal would make.

Idempotent: each demo transfer has its own invented child, found by a synthetic NHS number (the 999
range, never issued to a real patient); a child that already has a transfer is left alone. The
children are allocated to the sending Children in Need team's manager, so the social workers' own
demo caseloads (`DemoWorld.children_of`), which other apps' seeders use, stay as the core made them.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal import services as core
from portal.demo import DemoWorld, synthetic_nhs_number
from portal.models import Child, Relationship, Tier
from sharing.models import ConsentRecord
from transfers import services
from transfers.models import CinTransfer, TransferRequest


@dataclass(frozen=True)
class DemoTransfer:
    key: str
    first_name: str
    last_name: str
    sending: str  # "north" or "south"
    state: str
    referred_days_ago: int | None = None
    move_kind: str = CinTransfer.MoveKind.PERMANENT
    agreement: str = CinTransfer.FamilyAgreement.AGREED


PLAN = [
    DemoTransfer("draft", "Ava", "Lindqvist", "north", CinTransfer.State.DRAFT),
    DemoTransfer("green", "Leo", "Marsh", "north", CinTransfer.State.REFERRED, 2),
    DemoTransfer("amber", "Mia", "Okafor", "north", CinTransfer.State.REFERRED, 12, CinTransfer.MoveKind.UNKNOWN),
    DemoTransfer("red", "Noah", "Pryce", "north", CinTransfer.State.ACKNOWLEDGED, 18),
    DemoTransfer(
        "red-senior",
        "Ruby",
        "Quinn",
        "south",
        CinTransfer.State.REFERRED,
        23,
        agreement=CinTransfer.FamilyAgreement.NOT_SOUGHT,
    ),
    DemoTransfer("accepted", "Sami", "Rahman", "south", CinTransfer.State.ACCEPTED, 9),
    DemoTransfer(
        "disputed",
        "Tia",
        "Sorensen",
        "south",
        CinTransfer.State.DISPUTED,
        6,
        agreement=CinTransfer.FamilyAgreement.REFUSED,
    ),
    DemoTransfer("resolved", "Umar", "Thorne", "north", CinTransfer.State.RESOLVED, 20),
    DemoTransfer(
        "withdrawn", "Vera", "Ulrich", "north", CinTransfer.State.WITHDRAWN, 4, CinTransfer.MoveKind.TEMPORARY
    ),
]


def demo_pdf(title: str) -> bytes:
    """A small, valid one-page PDF (the demo's CIN plans and minutes)."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _child(world: DemoWorld, spec: DemoTransfer, index: int, today: date) -> Child:
    nhs = synthetic_nhs_number(50_000 + index * 10)
    child = Child.objects.filter(nhs_number=nhs).first()
    if child is not None:
        return child
    worker = world.users[f"{spec.sending}.cinmanager"]
    child = core.child_create(
        actor=worker,
        details=core.ChildDetails(
            first_name=spec.first_name,
            last_name=spec.last_name,
            date_of_birth=today - timedelta(days=365 * (3 + index) + 40 * index),
            nhs_number=nhs,
            address=f"{20 + index} Demo Street\n{world.orgs[spec.sending].name.split()[0]}",
            postcode=f"ZZ{index + 1} {index + 1}TT",
            local_authority=world.orgs[spec.sending],
            tier=Tier.CHILD_IN_NEED,
        ),
        team=world.teams[f"{spec.sending}-cin"],
    )
    core.person_add_to_child(
        actor=worker,
        child=child,
        person=core.PersonDetails(first_name="Morgan", last_name=spec.last_name),
        relationship=core.RelationshipDetails(
            kind=Relationship.Kind.MOTHER, has_parental_responsibility=True, lives_with_child=True
        ),
    )
    return child


def _family(spec: DemoTransfer, child: Child, referred_on: date) -> services.FamilyAgreementDetails:
    mother = child.relationships.get(kind=Relationship.Kind.MOTHER).person
    agreement = CinTransfer.FamilyAgreement
    if spec.agreement == agreement.NOT_SOUGHT:
        return services.FamilyAgreementDetails(
            agreement=agreement.NOT_SOUGHT,
            protection_concerns=CinTransfer.ProtectionConcerns.HISTORIC,
            family_told=False,
            proceed_reason="The family left without notice; their new phone number is not known yet.",
            not_told_reason="not_yet",
        )
    refused = spec.agreement == agreement.REFUSED
    return services.FamilyAgreementDetails(
        agreement=spec.agreement,
        protection_concerns=CinTransfer.ProtectionConcerns.CURRENT if refused else CinTransfer.ProtectionConcerns.NONE,
        family_told=True,
        given_by=ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY,
        person=mother,
        method=ConsentRecord.Method.VERBAL_IN_PERSON,
        decided_on=referred_on - timedelta(days=1),
        proceed_reason=(
            "Mother does not want the new authority involved. There are current concerns about neglect."
            if refused
            else ""
        ),
        advice_from=CinTransfer.AdviceFrom.CALDICOTT_GUARDIAN if refused else "",
        advice_by="Cal Guardian" if refused else "",
        advice_on=referred_on - timedelta(days=1) if refused else None,
        advice_summary="Refer without agreement: the protection of the child is paramount." if refused else "",
    )


SUMMARY = services.CaseTransferSummary(
    reason_for_involvement="Neglect: poor home conditions and missed health appointments (Child in Need, s17).",
    current_plan="Child in Need plan reviewed six-weekly: home conditions, health appointments, school attendance.",
    risks="Fact: three missed health appointments this year. Opinion: risk of neglect rises when mother is unwell.",
    strengths="Warm relationship with mother; grandmother gives practical help; good school attendance lately.",
    professionals_involved="Health visitor (community health trust); class teacher; family support worker.",
    family_views="Mother wants a fresh start near her sister. The child says they miss their friends.",
    outstanding_actions="Register with a GP in the new area; school place to be confirmed.",
    information_categories=["identity", "family", "social_care", "health"],
    sharing_reasons="The family has moved: the new area needs the plan and the risks to keep supporting the child.",
)


def _make(world: DemoWorld, spec: DemoTransfer, child: Child, today: date) -> CinTransfer:
    sending, receiving = spec.sending, "south" if spec.sending == "north" else "north"
    worker = world.users[f"{sending}.cinmanager"]
    manager = world.users[f"{receiving}.cinmanager"]
    referred_on = today - timedelta(days=spec.referred_days_ago or 0)
    transfer = services.transfer_start(
        actor=worker,
        child=child,
        move=services.MoveDetails(
            receiving_authority=world.orgs[receiving],
            receiving_team=world.teams[f"{receiving}-cin"],
            move_date=referred_on - timedelta(days=3),
            move_kind=spec.move_kind,
            new_address=f"4 New Road\n{world.orgs[receiving].name.split()[0]}",
            new_postcode="ZZ9 9NN",
        ),
    )
    transfer = services.transfer_record_family_agreement(
        actor=worker, transfer=transfer, details=_family(spec, child, referred_on)
    )
    transfer = services.transfer_save_summary(actor=worker, transfer=transfer, summary=SUMMARY)
    services.transfer_document_add(
        actor=worker,
        transfer=transfer,
        details=services.DocumentDetails(kind="cin_plan", title="Child in Need plan"),
        upload=SimpleUploadedFile("cin-plan.pdf", demo_pdf("Child in Need plan"), content_type="application/pdf"),
    )
    if spec.state == CinTransfer.State.DRAFT:
        return transfer
    services.transfer_document_add(
        actor=worker,
        transfer=transfer,
        details=services.DocumentDetails(
            kind="minutes", title="CIN review meeting", meeting_on=referred_on - timedelta(days=10)
        ),
        upload=SimpleUploadedFile("minutes.pdf", demo_pdf("CIN review minutes"), content_type="application/pdf"),
    )
    transfer = services.transfer_refer(actor=worker, transfer=transfer, referred_on=referred_on)
    services.family_update_record(
        actor=worker,
        transfer=transfer,
        details=services.FamilyUpdateDetails(
            told_on=referred_on,
            who_was_told="Mother",
            method="phone",
            what_was_told="The case has been referred to the new authority, who will decide within 15 days.",
        ),
    )
    team = world.teams[f"{receiving}-cin"]
    if spec.state == CinTransfer.State.ACKNOWLEDGED:
        transfer = services.transfer_acknowledge(actor=manager, transfer=transfer)
    elif spec.state == CinTransfer.State.ACCEPTED:
        transfer = services.transfer_accept(
            actor=manager, transfer=transfer, team=team, level_of_need=Tier.CHILD_IN_NEED, notes="Allocated next week."
        )
    elif spec.state in (CinTransfer.State.DISPUTED, CinTransfer.State.RESOLVED):
        transfer = services.transfer_decline(
            actor=manager,
            transfer=transfer,
            reason="The family's move is not confirmed: they are staying with friends.",
        )
        if spec.state == CinTransfer.State.RESOLVED:
            transfer = services.transfer_resolve_dispute(
                actor=manager,
                transfer=transfer,
                resolution=CinTransfer.Resolution.RECEIVING_ACCEPTS,
                rationale="Tenancy confirmed; heads of service agreed the case transfers.",
                team=team,
                level_of_need=Tier.CHILD_IN_NEED,
            )
    elif spec.state == CinTransfer.State.WITHDRAWN:
        transfer = services.transfer_withdraw(
            actor=worker, transfer=transfer, reason="The family came back after a week: the move did not happen."
        )
    return transfer


def _request(world: DemoWorld, today: date) -> str:
    """South's MAST learned of a north child and asks for the case."""
    children = world.children_of("north.socialworker")
    if not children or TransferRequest.objects.filter(requesting_team=world.teams["south-mast"]).exists():
        return "0 requests"
    child = children[0]
    services.transfer_request_create(
        actor=world.users["south.mastmanager"],
        details=services.RequestDetails(
            requesting_team=world.teams["south-mast"],
            sending_authority=world.orgs["north"],
            child_first_name=child.first_name,
            child_last_name=child.last_name,
            child_date_of_birth=child.date_of_birth,
            child_nhs_number=child.nhs_number,
            how_learned=f"A MAST alert from a Southvale school on {today - timedelta(days=1):%-d %B %Y}.",
        ),
    )
    return "1 request"


def seed(world: DemoWorld) -> str:
    today = timezone.localdate()
    made = 0
    for index, spec in enumerate(PLAN):
        child = _child(world, spec, index, today)
        if CinTransfer.objects.filter(child=child).exists():
            continue
        _make(world, spec, child, today)
        made += 1
    requests = _request(world, today)
    sweep = services.transfer_escalate_overdue(today=today)
    return f"Transfers: {made} demo transfer(s) made, {requests}; {sweep}"
