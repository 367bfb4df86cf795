"""Reads for the transfers pages, dashboards and sweeps, already filtered to what the user may see
(DESIGN §5): a transfer is visible only through object permissions on it (guardian rows granted to
the sending team's group from the start, and to the receiving authority's team managers and MAST
once referred). No writes; lists are fetched with what their pages show joined in."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from portal import policies
from portal.access import has_object_permission, objects_permitted_q
from portal.models import Child, Escalation, Organisation, Team, Tier, User
from portal.selectors import child_list_for_user
from sharing import law
from sharing import rules as sharing_rules
from transfers import clocks
from transfers.models import CinTransfer, FamilyUpdate, TransferDocument, TransferRequest

CLOSED = (CinTransfer.State.ACCEPTED, CinTransfer.State.RESOLVED, CinTransfer.State.WITHDRAWN)
SUMMARY_FIELDS = (
    "reason_for_involvement",
    "current_plan",
    "risks",
    "strengths",
    "professionals_involved",
    "family_views",
    "outstanding_actions",
    "sharing_reasons",
)

# --- Who is who ----------------------------------------------------------------------------------


def receiving_managers(*, transfer: CinTransfer) -> QuerySet[User]:
    """Every team manager in the receiving authority: they are told of the referral and one of them
    decides on it for their team."""
    return policies.managers_of(organisation=transfer.receiving_authority_id)


def receiving_managers_concerned(*, transfer: CinTransfer) -> QuerySet[User]:
    """The receiving authority's managers an escalation goes to: the managers of the team named on the
    transfer and of MAST (the authority's front door); every team manager when no team is named."""
    if transfer.receiving_team_id is None:
        return receiving_managers(transfer=transfer)
    return policies.managers_of(teams=[transfer.receiving_team_id]) | policies.managers_of(
        organisation=transfer.receiving_authority_id, team_kinds=[Team.Kind.MAST]
    )


def receiving_mast_teams(*, transfer: CinTransfer) -> QuerySet[Team]:
    return policies.teams_of_kind(organisation=transfer.receiving_authority_id, kind=Team.Kind.MAST)


def receiving_mast_members(*, transfer: CinTransfer) -> QuerySet[User]:
    return policies.members_of(organisation=transfer.receiving_authority_id, team_kinds=[Team.Kind.MAST])


def sending_managers(*, transfer: CinTransfer) -> QuerySet[User]:
    return policies.managers_of(teams=[transfer.sending_team_id])


def sending_side_recipients(*, transfer: CinTransfer) -> list[User]:
    """Who on the sending side hears of the receiving authority's decision: the sending team's
    managers and whoever referred the case."""
    recipients = {user.pk: user for user in sending_managers(transfer=transfer)}
    referred_by = transfer.referred_by
    if referred_by is not None:
        recipients[referred_by.pk] = referred_by
    return list(recipients.values())


def level_one_assignees(*, transfer: CinTransfer) -> list[User]:
    """Who a team-manager escalation goes to: both authorities' team managers, the sending team's and
    the receiving authority's concerned (the named team's and MAST's, or all of them when no team
    was named)."""
    users = {
        user.pk: user
        for user in [*sending_managers(transfer=transfer), *receiving_managers_concerned(transfer=transfer)]
    }
    return list(users.values())


def level_two_assignees(*, transfer: CinTransfer) -> list[User]:
    """Who a senior escalation goes to: both authorities' Caldicott Guardians and lead information
    officers."""
    users = {
        user.pk: user
        for user in [
            *policies.reviewers_of(transfer.receiving_authority_id),
            *policies.reviewers_of(transfer.sending_authority_id),
        ]
    }
    return list(users.values())


# --- Transfers -----------------------------------------------------------------------------------


def _transfers() -> QuerySet[CinTransfer]:
    return CinTransfer.objects.select_related(
        "child", "sending_authority", "sending_team", "receiving_authority", "receiving_team", "referred_by"
    )


def transfer_list_for_user(*, user: User, child_id: int | None = None) -> QuerySet[CinTransfer]:
    """Transfers the user may see through object permissions only: a model-level permission or
    superuser status never opens every transfer. `child_id` narrows it to one child's transfers
    inside the permission filter too (issue 14: otherwise every transfer the user may see is hashed)."""
    transfers = _transfers() if child_id is None else _transfers().filter(child_id=child_id)
    return transfers.filter(
        objects_permitted_q(user, model=CinTransfer, codename="view_cintransfer", child_id=child_id)
    )


def transfer_get_for_user(*, user: User, pk: int) -> CinTransfer:
    """The transfer, or 404 for anyone who may not see it (a third authority, or the receiving
    authority before the referral is made)."""
    return get_object_or_404(transfer_list_for_user(user=user), pk=pk)


LIST_VIEWS = {
    "open": "Open transfers",
    "incoming": "Incoming",
    "outgoing": "Outgoing",
    "closed": "Closed",
}


def transfer_list_view(*, user: User, show: str) -> QuerySet[CinTransfer]:
    """One of the list page's views, the most urgent first."""
    transfers = transfer_list_for_user(user=user)
    if show == "closed":
        return transfers.filter(state__in=CLOSED).order_by("-created_at", "-pk")
    transfers = transfers.exclude(state__in=CLOSED)
    if show == "incoming":
        transfers = transfers.filter(receiving_authority_id=user.organisation_id)
    elif show == "outgoing":
        transfers = transfers.filter(sending_authority_id=user.organisation_id)
    return transfers.order_by(F("decision_due_on").asc(nulls_last=True), "-created_at", "-pk")


def decided_message(transfer: CinTransfer) -> str:
    """What to tell someone who tries to act on a transfer that has moved on (someone got there first)."""
    state = CinTransfer.State
    if transfer.state in (state.ACCEPTED, state.DECLINED, state.DISPUTED, state.RESOLVED):
        who = f" by {transfer.decided_by}" if transfer.decided_by_id else ""
        verb = "accepted" if transfer.state == state.ACCEPTED else "declined"
        if transfer.state == state.RESOLVED:
            verb = "decided, and the dispute resolved"
        return f"This transfer has already been {verb}{who}. Nothing was changed."
    if transfer.state == state.WITHDRAWN:
        return "This transfer has been withdrawn by the sending authority. Nothing was changed."
    return f"This transfer is {transfer.get_state_display().lower()}: that cannot be done now. Nothing was changed."


def decision_due_if_referred_on(day: date) -> date:
    return clocks.decision_due(day)


def open_transfer_for_child(*, user: User, child: Child) -> CinTransfer | None:
    return transfer_list_for_user(user=user, child_id=child.pk).filter(state__in=CinTransfer.OPEN).first()


@dataclass(frozen=True)
class TransferClock:
    due: date
    days_left: int
    rag: str  # green / amber / red
    label: str  # "5 days left"
    level: int  # escalation level the clock has reached

    @property
    def tag_colour(self) -> str:
        return {"green": "green", "amber": "orange", "red": "red"}[self.rag]


def transfer_clock(*, transfer: CinTransfer, today: date) -> TransferClock | None:
    """The decision clock of a transfer waiting for the receiving authority's decision."""
    if not transfer.is_undecided or transfer.decision_due_on is None:
        return None
    due = transfer.decision_due_on
    return TransferClock(
        due=due,
        days_left=clocks.days_left(due, today),
        rag=clocks.rag(due, today),
        label=clocks.describe(due, today),
        level=clocks.escalation_level(due, today),
    )


def with_clocks(transfers, *, today: date) -> list[CinTransfer]:
    """The transfers, each with `.clock` set (None once decided): no queries."""
    rows = list(transfers)
    for transfer in rows:
        transfer.clock = transfer_clock(transfer=transfer, today=today)
    return rows


def transfer_documents(*, transfer: CinTransfer) -> QuerySet[TransferDocument]:
    return transfer.documents.filter(removed_at__isnull=True).select_related("uploaded_by")


def transfer_document_get(*, transfer: CinTransfer, pk: int) -> TransferDocument:
    return get_object_or_404(transfer_documents(transfer=transfer), pk=pk)


def transfer_family_updates(*, transfer: CinTransfer) -> QuerySet[FamilyUpdate]:
    return transfer.family_updates.select_related("told_by__organisation")


def transfer_escalations(*, transfer: CinTransfer) -> QuerySet[Escalation]:
    subject_type = ContentType.objects.get_for_model(CinTransfer)
    return Escalation.objects.filter(subject_type=subject_type, subject_id=transfer.pk).order_by("raised_at", "pk")


def transfer_history(*, transfer: CinTransfer):
    return transfer.history.select_related("history_user").order_by("history_date", "history_id")


@dataclass(frozen=True)
class Problem:
    """Something that stops a draft being referred, and where to put it right."""

    section: str  # "family", "summary", "documents"
    message: str


def transfer_problems(*, transfer: CinTransfer) -> list[Problem]:
    """What must be done before the transfer can be referred."""
    problems: list[Problem] = []
    if not transfer.family_agreement:
        problems.append(Problem("family", "Record whether the family agreed to the referral"))
    elif transfer.family_agreement == CinTransfer.FamilyAgreement.REFUSED and not transfer.has_protection_concerns:
        problems.append(
            Problem(
                "family",
                "The family did not agree and there are no child protection concerns: the referral is made "
                "without the family's agreement only where there are historic or current child protection "
                "concerns. If in doubt, ask legal services or the Caldicott Guardian; otherwise withdraw "
                "this draft",
            )
        )
    if any(not getattr(transfer, name).strip() for name in SUMMARY_FIELDS) or not transfer.information_categories:
        problems.append(Problem("summary", "Complete the Case Transfer Summary"))
    identifier = sharing_rules.identifier_problems(
        known_nhs_number=transfer.child.nhs_number,
        omitted_reason=transfer.identifier_omitted_reason,
        explanation=transfer.identifier_omitted_explanation,
        in_force=law.cwsa_in_force(),
    )
    if identifier:
        problems.append(Problem("summary", "Say in the Case Transfer Summary why it goes without the NHS number"))
    if not transfer_documents(transfer=transfer).filter(kind=TransferDocument.Kind.CIN_PLAN).exists():
        problems.append(Problem("documents", "Upload the child's Child in Need plan"))
    return problems


# --- What the user may do ------------------------------------------------------------------------


def decision_teams(*, user: User, transfer: CinTransfer) -> QuerySet[Team]:
    """Teams the user may accept this transfer for: teams they manage in the receiving authority,
    when their role allows deciding on transfers."""
    if not user.has_perm("transfers.decide_cintransfer"):
        return Team.objects.none()
    return Team.objects.filter(
        organisation_id=transfer.receiving_authority_id, pk__in=policies.managed_team_ids(user)
    ).select_related("organisation")


def members_of(*, teams: QuerySet[Team]) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, memberships__team__in=teams).distinct().order_by("last_name", "first_name")
    )


def can_view(user: User, transfer: CinTransfer) -> bool:
    return has_object_permission(user, "view_cintransfer", transfer)


def can_work_on(user: User, transfer: CinTransfer) -> bool:
    """The sending team before acceptance, the receiving team after it."""
    return has_object_permission(user, "change_cintransfer", transfer)


def is_sending_side(user: User, transfer: CinTransfer) -> bool:
    return user.organisation_id == transfer.sending_authority_id


def is_receiving_side(user: User, transfer: CinTransfer) -> bool:
    return user.organisation_id == transfer.receiving_authority_id


def can_decide(user: User, transfer: CinTransfer) -> bool:
    return can_view(user, transfer) and decision_teams(user=user, transfer=transfer).exists()


def can_edit_draft(user: User, transfer: CinTransfer) -> bool:
    return transfer.is_draft and can_work_on(user, transfer) and is_sending_side(user, transfer)


def can_add_document(user: User, transfer: CinTransfer) -> bool:
    return (
        transfer.state in (CinTransfer.State.DRAFT, *CinTransfer.UNDECIDED)
        and user.has_perm("transfers.add_transferdocument")
        and can_work_on(user, transfer)
        and is_sending_side(user, transfer)
    )


def can_resolve_dispute(user: User, transfer: CinTransfer) -> bool:
    """A team manager on either side (the sending team's, or one who may decide for the receiving
    authority), or a Caldicott Guardian or lead information officer of either authority."""
    if not can_view(user, transfer):
        return False
    if can_decide(user, transfer):
        return True
    if (
        user.has_perm("transfers.decide_cintransfer")
        and sending_managers(transfer=transfer).filter(pk=user.pk).exists()
    ):
        return True
    return policies.is_reviewer(user, transfer.sending_authority_id) or policies.is_reviewer(
        user, transfer.receiving_authority_id
    )


@dataclass
class TransferActions:
    edit: bool = False
    refer: bool = False
    withdraw: bool = False
    acknowledge: bool = False
    decide: bool = False
    resolve: bool = False
    add_document: bool = False
    family_update: bool = False
    see_child: bool = False
    receiving_preview: bool = False
    problems: list[Problem] = field(default_factory=list)


def transfer_actions(*, user: User, transfer: CinTransfer) -> TransferActions:
    state = CinTransfer.State
    work = can_work_on(user, transfer)
    sending = is_sending_side(user, transfer)
    receiving = is_receiving_side(user, transfer)
    actions = TransferActions(
        edit=transfer.is_draft and work and sending,
        withdraw=transfer.state in (state.DRAFT, *CinTransfer.UNDECIDED) and work and sending,
        acknowledge=transfer.state == state.REFERRED and receiving and can_view(user, transfer),
        decide=transfer.is_undecided and can_decide(user, transfer),
        resolve=transfer.state == state.DISPUTED and can_resolve_dispute(user, transfer),
        add_document=can_add_document(user, transfer),
        family_update=work and user.has_perm("transfers.add_familyupdate"),
        see_child=has_object_permission(user, "view_child", transfer.child),
    )
    actions.refer = actions.edit and has_object_permission(user, "change_child", transfer.child)
    actions.receiving_preview = receiving and not actions.see_child
    if actions.edit:
        actions.problems = transfer_problems(transfer=transfer)
    return actions


def children_transferable_by(*, user: User) -> QuerySet[Child]:
    """Children on a Child in Need plan (or above) the user may work on, allocated to a local
    authority team they belong to: the children they could refer to another authority."""
    return (
        child_list_for_user(user=user, permission="portal.change_child")
        .filter(
            tier__gte=Tier.CHILD_IN_NEED,
            allocated_team__memberships__user=user,
            allocated_team__organisation__kind=Organisation.Kind.LOCAL_AUTHORITY,
        )
        .distinct()
    )


# --- Transfer requests ---------------------------------------------------------------------------


def _requests() -> QuerySet[TransferRequest]:
    return TransferRequest.objects.select_related(
        "requesting_team", "requesting_authority", "sending_authority", "requested_by", "child"
    )


def request_list_for_user(*, user: User) -> QuerySet[TransferRequest]:
    return (
        _requests()
        .filter(objects_permitted_q(user, model=TransferRequest, codename="view_transferrequest"))
        .order_by("-requested_at", "-pk")
    )


def request_get_for_user(*, user: User, pk: int) -> TransferRequest:
    return get_object_or_404(request_list_for_user(user=user), pk=pk)


def can_answer_request(user: User, request: TransferRequest) -> bool:
    return (
        request.is_open
        and user.organisation_id == request.sending_authority_id
        and has_object_permission(user, "change_transferrequest", request)
    )


def request_transfers(*, request: TransferRequest, user: User) -> QuerySet[CinTransfer]:
    """The transfers started in answer to a request that the user may see."""
    return transfer_list_for_user(user=user).filter(request=request)


def request_sending_recipients(*, request: TransferRequest) -> QuerySet[User]:
    """Who on the sending side is told of a request: its team managers and MAST, and the team
    holding the child when the NHS number matched one of its cases."""
    condition = Q(memberships__team__organisation_id=request.sending_authority_id) & (
        Q(memberships__is_manager=True) | Q(memberships__team__kind=Team.Kind.MAST)
    )
    child = request.child
    if child is not None and child.allocated_team_id:
        condition |= Q(memberships__team_id=child.allocated_team_id)
    return User.objects.filter(condition, is_active=True).distinct()


def local_authorities(*, exclude_id: int | None = None) -> QuerySet[Organisation]:
    authorities = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY)
    return authorities.exclude(pk=exclude_id) if exclude_id else authorities


def local_authority_named(*, name: str, exclude_ids: list[int]) -> Organisation | None:
    """The one local authority whose name the text contains or is contained in (a record's "where
    the child lived before"), else None."""
    text = name.strip().lower()
    if not text:
        return None
    found = [
        authority
        for authority in local_authorities().exclude(pk__in=exclude_ids)
        if authority.name.lower() in text or text in authority.name.lower()
    ]
    return found[0] if len(found) == 1 else None


def local_authority_teams(*, exclude_organisation_id: int | None = None) -> QuerySet[Team]:
    teams = Team.objects.filter(organisation__kind=Organisation.Kind.LOCAL_AUTHORITY).select_related("organisation")
    return teams.exclude(organisation_id=exclude_organisation_id) if exclude_organisation_id else teams


def requesting_teams_of(*, user: User) -> QuerySet[Team]:
    """Teams the user belongs to in a local authority: a request is made by children's social care."""
    return Team.objects.filter(
        memberships__user=user, organisation__kind=Organisation.Kind.LOCAL_AUTHORITY
    ).select_related("organisation")


# --- When an escalation's subject is finished (registered in apps.py) ----------------------------


def escalations_finished_decision(*, ids: list[int]) -> set[int]:
    """A transfer's decision is overdue no longer once it is decided or withdrawn."""
    return set(
        CinTransfer.objects.filter(pk__in=ids).exclude(state__in=CinTransfer.UNDECIDED).values_list("pk", flat=True)
    )


def escalations_finished_dispute(*, ids: list[int]) -> set[int]:
    """A dispute is finished once it is resolved (or the transfer otherwise settled)."""
    disputed = (CinTransfer.State.DECLINED, CinTransfer.State.DISPUTED)
    return set(CinTransfer.objects.filter(pk__in=ids).exclude(state__in=disputed).values_list("pk", flat=True))


def escalations_finished_referred(*, ids: list[int]) -> set[int]:
    """A draft not referred after the move is finished once referred or withdrawn."""
    return set(
        CinTransfer.objects.filter(pk__in=ids).exclude(state=CinTransfer.State.DRAFT).values_list("pk", flat=True)
    )


def escalation_reasons_decline(*, ids: list[int]) -> dict[int, str]:
    """For the queues: the receiving team's reason for declining a disputed transfer."""
    return dict(CinTransfer.objects.filter(pk__in=ids).values_list("pk", "decline_reason"))
