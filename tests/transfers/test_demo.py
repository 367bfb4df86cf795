"""The demo seeder: transfers in every state and every clock colour, idempotent."""

from django.utils import timezone

from portal.models import Escalation
from tests.helpers import demo_world
from transfers import demo, selectors
from transfers.models import CinTransfer, TransferRequest


def test_every_state_and_every_colour_and_running_twice_changes_nothing(db):
    the_world = demo_world()
    summary = demo.seed(the_world)
    assert summary.startswith("Transfers: 9 demo transfer(s) made, 1 request")
    transfers = list(CinTransfer.objects.all())
    # "Declined" lasts only a moment: a decline opens its dispute at once, and the history shows both.
    assert {t.state for t in transfers} == set(CinTransfer.State.values) - {"declined"}
    disputed = next(t for t in transfers if t.state == "disputed")
    assert "declined" in disputed.history.values_list("state", flat=True)
    clocks = [selectors.transfer_clock(transfer=t, today=timezone.localdate()) for t in transfers]
    assert {c.rag for c in clocks if c} == {"green", "amber", "red"}
    assert {c.level for c in clocks if c} == {0, 1, 2}
    assert Escalation.objects.filter(kind=Escalation.Kind.TRANSFER_DECISION_OVERDUE, level=2).exists()
    assert Escalation.objects.filter(kind=Escalation.Kind.TRANSFER_DISPUTED).exists()
    assert TransferRequest.objects.count() == 1
    # The social workers' own demo caseloads, which other apps' seeders use, are left as they were.
    assert not CinTransfer.objects.filter(child__in=the_world.children_of("north.socialworker")).exists()

    escalations = Escalation.objects.count()
    again = demo.seed(the_world)
    assert again.startswith("Transfers: 0 demo transfer(s) made, 0 requests")
    assert CinTransfer.objects.count() == len(transfers)
    assert Escalation.objects.count() == escalations
    assert TransferRequest.objects.count() == 1


def test_the_seeder_is_registered_with_the_core():
    from portal import extensions

    assert "transfers.demo.seed" in extensions.demo_seeders()
