"""The Early Intervention demo seeder: a move in every state, one awaiting its meeting, one with an
overdue plan item, and running it twice changes nothing."""

from django.contrib.contenttypes.models import ContentType

from early_intervention import demo
from early_intervention.models import AgreedPlanItem, EarlyInterventionMove
from portal.models import Escalation
from tests.helpers import demo_world

Move = EarlyInterventionMove


def test_every_state_an_overdue_item_and_running_twice_changes_nothing(db):
    the_world = demo_world()
    summary = demo.seed(the_world)
    assert summary.startswith("Early Intervention moves: 8 demo move(s) made")
    states = set(Move.objects.values_list("state", flat=True))
    assert states == set(Move.State.values) - {Move.State.RECORDED}  # "recorded" lasts only a moment
    kind = Escalation.Kind.EARLY_INTERVENTION_ACTION_OVERDUE
    item_type = ContentType.objects.get_for_model(AgreedPlanItem)
    assert Escalation.objects.filter(kind=kind, subject_type=item_type).count() == 1
    assert Escalation.objects.filter(kind=kind, subject_type=ContentType.objects.get_for_model(Move)).count() == 1
    manager = the_world.users["north.ehmanager"]
    assert Escalation.objects.filter(kind=kind, assignees=manager).count() == 2
    # The early help workers lead them, with their own demo children.
    leads = set(Move.objects.values_list("lead_professional__username", flat=True))
    assert leads == {"north.earlyhelp", "south.earlyhelp"}

    counts = (Move.objects.count(), Escalation.objects.count(), AgreedPlanItem.objects.count())
    assert demo.seed(the_world).startswith("Early Intervention moves: 0 demo move(s) made")
    assert (Move.objects.count(), Escalation.objects.count(), AgreedPlanItem.objects.count()) == counts


def test_the_seeder_is_registered_with_the_core():
    from portal import extensions

    seeders = extensions.demo_seeders()
    assert "early_intervention.demo.seed" in seeders
    assert seeders.index("early_intervention.demo.seed") > seeders.index("transfers.demo.seed")


def test_the_family_move_is_seeded_after_the_family():
    from portal import extensions

    seeders = extensions.demo_seeders()
    assert seeders.index("early_intervention.family_demo.seed") > seeders.index("transfers.family_demo.seed")
