"""The agencies' records checklist."""

from early_intervention.models import AgencyRecordsCheck, EarlyInterventionMove
from tests.early_intervention.factories import hold_meeting, record

Move = EarlyInterventionMove


def test_checklist_rows_are_one_per_agency(setup):
    move = hold_meeting(setup, record(setup, consent_status=Move.Consent.REFUSED))
    assert AgencyRecordsCheck.objects.filter(move=move).count() == move.agencies.count() == 3
