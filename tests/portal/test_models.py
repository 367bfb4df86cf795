"""The core's models and the role groups its migrations create."""

from portal.models import Role
from tests.factories import UserFactory


def test_role_groups_exist_with_their_model_permissions(db):
    user = UserFactory(roles=[Role.TEAM_MANAGER])
    assert user.has_perm("portal.allocate_child")
    practitioner = UserFactory(roles=[Role.PRACTITIONER])
    assert practitioner.has_perm("portal.add_child")
    assert not practitioner.has_perm("portal.allocate_child")
    guardian = UserFactory(roles=[Role.CALDICOTT_GUARDIAN])
    assert guardian.has_perm("portal.change_escalation")
    assert not guardian.has_perm("portal.add_child")
