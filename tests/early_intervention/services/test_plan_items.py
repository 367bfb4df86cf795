"""The agreed transfer plan's items."""

import pytest
from django.core.exceptions import PermissionDenied

from early_intervention.models import AgreedPlanItem
from portal.services import InvalidTransition
from tests.early_intervention.factories import add_item, agency, record, tick


def test_an_item_is_ticked_off_once(setup):
    move = record(setup, planned=True)
    item = add_item(move)
    add_item(move)
    tick(item, move.lead_professional)
    with pytest.raises(InvalidTransition, match="ticked off by"):
        tick(item, move.lead_professional)
    assert AgreedPlanItem.objects.get(pk=item.pk).done_by == move.lead_professional
    with pytest.raises(PermissionDenied):
        tick(add_item(move, agency=agency(move, setup.north.cin)), setup.health_visitor)
