"""Issue 13's invariant over the demo data: after the demo is loaded and every sweep has run,
every escalation has someone assigned, and none is open about a subject that is finished."""

from django.core.management import call_command
from django.utils import timezone

from portal import services, sweeps
from portal.models import Escalation


def test_every_demo_escalation_reaches_someone_and_none_outlives_its_subject(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - quiet
    for name in sweeps.registered_names():
        sweeps.run(name, today=timezone.localdate())
    assert Escalation.objects.exists()
    nobody = Escalation.objects.filter(assignments__isnull=True).values_list("kind", "organisation__name")
    assert list(nobody) == []
    assert services.escalations_close_finished(today=timezone.localdate()) == {"escalations_closed": 0}
