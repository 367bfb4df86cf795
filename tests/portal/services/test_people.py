"""People in a child's life."""

import pytest
from django.core.exceptions import PermissionDenied

from portal import services
from tests.factories import make_child


def test_person_added_to_a_child_needs_edit_access(setup):
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    person = services.PersonDetails(first_name="Alex", last_name="Smith")
    relationship = services.RelationshipDetails(kind="significant_other", source="third_party")
    with pytest.raises(PermissionDenied):
        services.person_add_to_child(
            actor=setup.south.social_worker, child=child, person=person, relationship=relationship
        )
    link = services.person_add_to_child(
        actor=north.social_worker, child=child, person=person, relationship=relationship
    )
    assert link.recorded_by == north.social_worker
    assert link.person.history.count() == 1
