"""The agreed transfer plan (the planned move with consent, and the outcomes that share): what each
agency sends to its equivalent in the receiving authority, by when; each item ticked off is recorded
as a decision to share, with the family's consent."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from early_intervention import selectors
from early_intervention.models import AgreedPlanItem, EarlyInterventionAgency
from early_intervention.services.common import CONSENT_CATEGORIES, Move, complete_if_done, locked
from portal import services as core
from portal.access import require as _require
from portal.history import save as _save
from portal.models import User
from portal.services import InvalidTransition
from portal.text import date_text
from sharing import rules as sharing_rules
from sharing import selectors as sharing_selectors
from sharing import services as sharing
from sharing.models import ConsentRecord, InformationCategory, Purpose, SharingDecision

# Sharing on the strength of consent, for early help: consent and explicit consent (for health data),
# under the duty to co-operate to improve children's well-being.


@dataclass(frozen=True)
class PlanItemDetails:
    sending_agency: EarlyInterventionAgency | None
    information: str
    receiving_agency: str
    due_on: date | None
    expectations: str


def plan_item_add(*, actor: User, move: Move, details: PlanItemDetails) -> AgreedPlanItem:
    """Add a line to the agreed transfer plan."""
    _require(selectors.can_work_on(actor, move), "Only the lead professional's team writes the transfer plan.")
    errors: dict[str, str] = {}
    if details.sending_agency is None or details.sending_agency.move_id != move.pk:
        errors["sending_agency"] = "Choose the agency on the plan that sends the information"
    if not details.information.strip():
        errors["information"] = "Say what information is sent"
    if not details.receiving_agency.strip():
        errors["receiving_agency"] = "Name the equivalent agency in the receiving authority"
    if details.due_on is None:
        errors["due_on"] = "Enter the date it is to be sent by"
    elif details.due_on < timezone.localdate():
        errors["due_on"] = "The date it is to be sent by must be today or in the future"
    if not details.expectations.strip():
        errors["expectations"] = "Say what is expected of the receiving agency"
    sending_agency, due_on = details.sending_agency, details.due_on
    if errors or sending_agency is None or due_on is None:
        raise ValidationError(errors)
    with transaction.atomic():
        move = locked(move)
        if move.state not in Move.WITH_PLAN_ITEMS:
            raise InvalidTransition(f"This move is {move.get_state_display().lower()}: the plan cannot be changed.")
        item = AgreedPlanItem(
            move=move,
            sending_agency=sending_agency,
            information=details.information.strip(),
            receiving_agency=details.receiving_agency.strip(),
            due_on=due_on,
            expectations=details.expectations.strip(),
            added_by=actor,
        )
        _save(item, reason="Added to the agreed transfer plan", by=actor)
        team = sending_agency.team
        if team is not None and team.pk != move.lead_team_id:
            core.notify_each(
                selectors.team_members(team=team),
                event_key=f"ei-item:{item.pk}:added",
                subject=f"Early Intervention move {move.reference}: information for your team to send",
                body=f"The agreed transfer plan asks {team.name} to send information by {date_text(due_on)}.",
                link=item.get_absolute_url(),
                exclude=actor,
            )
    return item


def _record_sharing(
    *, actor: User, move: Move, item: AgreedPlanItem, consent: ConsentRecord, sent_on: date
) -> SharingDecision:
    """The seventh golden rule: what was shared, with whom, why and on what basis."""
    categories = list(consent.categories) or [c.value for c in CONSENT_CATEGORIES]
    special = bool(set(categories) & InformationCategory.special_category())
    return sharing.sharing_decision_record(
        actor=actor,
        child=move.child,
        request=sharing.SharingRequest(
            requested_by=f"The agreed transfer plan of Early Intervention move {move.reference}"[:200],
            purpose=Purpose.EARLY_HELP,
            purpose_detail=(
                f"So that {item.receiving_agency} in {move.destination_authority} can continue to support the family "
                f"after their move. What is expected of them: {item.expectations}"
            ),
            recipient_organisation=move.destination_authority,
            recipient_name=item.receiving_agency[:200],
        ),
        answers={"purpose": "yes", "consent": "yes"},
        consent=consent,
        reasons=(
            f"The family moved out of area and consented to the agencies on the Early Intervention plan transferring "
            f"their information to the equivalent agencies in {move.destination_authority}, as agreed in the "
            "transfer plan."
        ),
        shared=sharing.SharedDetails(
            categories=categories,
            summary_facts=item.information,
            summary_opinion="",
            method=item.done_method,
            shared_on=sent_on,
            article_6_basis=sharing_selectors.lawful_basis_required(code=sharing_rules.ARTICLE_6_CONSENT),
            article_9_condition=sharing_selectors.lawful_basis_required(code=sharing_rules.ARTICLE_9_EXPLICIT_CONSENT)
            if special
            else None,
            legal_gateway=sharing_selectors.legal_gateway(name=sharing_rules.CHILDREN_ACT_2004_S10),
            individual_told=True,
            identifier=move.identifier,
        ),
        context=move,
    )


def plan_item_done(*, actor: User, item: AgreedPlanItem, sent_on: date | None, method: str) -> AgreedPlanItem:
    """Tick off a plan item: the information was sent. Recorded as a decision to share, with consent."""
    move = item.move
    _require(
        selectors.acts_for_agency(actor, move, item.sending_agency),
        "Only the sending agency, or the lead professional's team, ticks this off.",
    )
    errors: dict[str, str] = {}
    if sent_on is None:
        errors["sent_on"] = "Enter the date the information was sent"
    elif sent_on > timezone.localdate():
        errors["sent_on"] = "The date must be today or in the past"
    if method not in SharingDecision.Method.values:
        errors["method"] = "Say how the information was sent"
    if errors or sent_on is None:
        raise ValidationError(errors)
    with transaction.atomic():
        move = locked(move)
        item = AgreedPlanItem.objects.select_for_update().get(pk=item.pk)
        if move.state not in Move.WITH_PLAN_ITEMS:
            raise InvalidTransition(f"This move is {move.get_state_display().lower()}: nothing is ticked off now.")
        if item.is_done:
            raise InvalidTransition(f"This item was ticked off by {item.done_by} already. Nothing was changed.")
        consent = move.consent_record
        if not move.has_consent or consent is None:
            raise InvalidTransition(
                "The family's consent to transfer their information has been withdrawn: the information is not sent "
                "under this plan. Talk to the lead professional about what happens next."
            )
        item.done_on = sent_on
        item.done_method = method
        item.done_by = actor
        item.done_at = timezone.now()
        item.sharing_decision = _record_sharing(actor=actor, move=move, item=item, consent=consent, sent_on=sent_on)
        _save(item, reason="Sent: ticked off the agreed transfer plan", by=actor)
        core.escalations_close_for(subject=item, resolution="Information sent: plan item ticked off")
        complete_if_done(actor=actor, move=move)
    return item
