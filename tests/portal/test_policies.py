"""The role rules, written once in portal.policies, that every app asks."""

from portal import policies
from portal.models import Role, Team
from tests.factories import TeamFactory, UserFactory, join


def test_a_reviewer_is_a_caldicott_guardian_or_lead_information_officer_of_their_own_organisation(setup):
    north, south = setup.north, setup.south
    assert policies.is_reviewer(north.caldicott)
    assert policies.is_reviewer(north.caldicott, north.org)
    assert policies.is_reviewer(north.caldicott, north.org.pk)
    assert not policies.is_reviewer(north.caldicott, south.org)
    assert not policies.is_reviewer(north.cin_manager)
    assert not policies.is_reviewer(north.social_worker, north.org)


def test_a_deactivated_account_holds_no_role(setup):
    guardian = setup.north.caldicott
    guardian.is_active = False
    guardian.save()
    assert policies.roles_of(guardian) == frozenset()
    assert not policies.is_reviewer(guardian, setup.north.org)
    assert guardian not in policies.reviewers_of(setup.north.org)


def test_reviewers_of_an_organisation_are_its_active_guardians_and_information_leads(setup):
    reviewers = set(policies.reviewers_of(setup.north.org))
    assert setup.north.caldicott in reviewers
    assert all(policies.is_reviewer(user, setup.north.org) for user in reviewers)
    assert setup.north.cin_manager not in reviewers
    assert setup.south.caldicott not in reviewers


def test_managers_of_a_team_leave_out_deactivated_managers_and_plain_members(setup):
    team = TeamFactory(organisation=setup.north.org, kind=Team.Kind.CHILD_IN_NEED)
    active = join(UserFactory(organisation=setup.north.org, roles=[Role.TEAM_MANAGER]), team, manager=True)
    gone = join(UserFactory(organisation=setup.north.org, roles=[Role.TEAM_MANAGER]), team, manager=True)
    gone.is_active = False
    gone.save()
    member = join(UserFactory(organisation=setup.north.org, roles=[Role.PRACTITIONER]), team)

    managers = set(policies.managers_of(teams=[team]))
    assert managers == {active}
    assert member not in managers and gone not in managers
    assert policies.manages_team(active, team) and not policies.manages_team(member, team)


def test_managers_of_an_organisation_can_be_narrowed_to_a_kind_of_team(setup):
    mast_managers = set(policies.managers_of(organisation=setup.north.org, team_kinds=[Team.Kind.MAST]))
    assert setup.north.mast_manager in mast_managers
    assert setup.north.cin_manager not in mast_managers
    assert setup.south.mast_manager not in mast_managers
    everyone = set(policies.managers_of(organisation=setup.north.org))
    assert {setup.north.mast_manager, setup.north.cin_manager} <= everyone


def test_members_of_an_authoritys_mast_are_its_active_mast_members_managers_included(setup):
    mast = set(policies.members_of(organisation=setup.north.org, team_kinds=[Team.Kind.MAST]))
    assert {setup.north.screener, setup.north.mast_manager} <= mast
    assert setup.north.social_worker not in mast and setup.south.screener not in mast
    setup.north.screener.is_active = False
    setup.north.screener.save()
    assert setup.north.screener not in set(policies.members_of(teams=[setup.north.mast]))


def test_teams_of_a_kind_are_the_organisations_own(setup):
    assert list(policies.teams_of_kind(organisation=setup.north.org, kind=Team.Kind.MAST)) == [setup.north.mast]
    assert list(policies.teams_of_kind(organisation=setup.south.org.pk, kind=Team.Kind.MAST)) == [setup.south.mast]
