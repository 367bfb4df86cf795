"""Demo retention for `manage.py seed_demo`: a few old, closed records (an Early Intervention move
and MAST referrals that ended in no further action, closed seven years ago) listed for review, one
batch of them already disposed of by the north lead information officer, so the review list shows
records due and the reports show a certificate. The lead information officers can open the admin
to edit the retention schedule. Idempotent: the old records are made once, by their references."""

from datetime import timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from early_intervention.models import EarlyInterventionMove
from portal.demo import DemoWorld
from portal.history import save as _save
from referrals.models import MastReferral, Outcome
from retention import services
from retention.models import DisposalCertificate, ReviewItem

PREFIX = "RET-DEMO-"
CLOSED_YEARS_AGO = 7


def seed(world: DemoWorld) -> str:
    for key in ("north", "south"):
        officer = world.users[f"{key}.infolead"]
        if not officer.is_staff:
            officer.is_staff = True  # the admin, where the retention schedule is edited
            _save(officer, reason="May edit the retention schedule in the admin (demo)")
    if not MastReferral.objects.filter(reference__startswith=PREFIX).exists():
        _old_records(world)
    today = timezone.localdate()
    listed = services.retention_list_due(today=today)["listed"]
    officer = world.users["north.infolead"]
    if not DisposalCertificate.objects.filter(organisation=world.orgs["north"]).exists():
        first = list(
            ReviewItem.objects.filter(
                organisation=world.orgs["north"], record_type="referrals.no_further_action", status="due"
            ).values_list("pk", flat=True)[:2]
        )
        if first:
            services.retention_dispose(actor=officer, item_ids=first, today=today)
    due = ReviewItem.objects.filter(status=ReviewItem.Status.DUE).count()
    return f"retention: {listed} listed, {due} due for review"


def _old_records(world: DemoWorld) -> None:
    closed = timezone.now() - timedelta(days=365 * CLOSED_YEARS_AGO + 30)
    worker = world.users["north.earlyhelp"]
    children = world.children_of("north.earlyhelp") + world.children_of("north.socialworker")
    referrals = [
        MastReferral(
            reference=f"{PREFIX}{n:03d}",
            status=MastReferral.Status.OUTCOME_RECORDED,
            referrer=world.users["health.visitor"],
            referrer_organisation=world.orgs["health"],
            child=child,
            authority=world.orgs["north"],
            urgency=3,
            what_happened="A neighbour reported shouting late at night (invented demo text).",
            referrer_view="No sign of harm when visited the next day.",
            created_at=closed - timedelta(days=2),
            updated_at=closed,
            submitted_at=closed - timedelta(days=2),
            outcome=Outcome.NO_FURTHER_ACTION,
            outcome_recorded_at=closed,
        )
        for n, child in enumerate(children[:4], start=1)
    ]
    bulk_create_with_history(referrals, MastReferral, default_change_reason="Old referral (demo)")
    moves = [
        EarlyInterventionMove(
            child=child,
            plan_reference=f"{PREFIX}{n:03d}",
            tier=3,
            lead_professional=worker,
            lead_team=world.teams["north-early-help"],
            kind="planned",
            whereabouts_known=True,
            destination_authority=world.orgs["south"],
            move_date=(closed - timedelta(days=60)).date(),
            consent="not_obtained",
            consent_explanation="The family could not be reached before the move (invented demo text).",
            created_by=worker,
            created_at=closed - timedelta(days=60),
            state=EarlyInterventionMove.State.COMPLETED,
            outcome_reason="The family moved within the county (invented demo text).",
            completed_at=closed,
        )
        for n, child in enumerate(children[:2], start=1)
    ]
    bulk_create_with_history(moves, EarlyInterventionMove, default_change_reason="Old move (demo)")
