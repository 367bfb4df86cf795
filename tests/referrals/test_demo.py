"""The demo seeder: a referral in every state, an overdue one escalated, alerts; idempotent."""

from portal import demo as core_demo
from portal.models import Escalation
from referrals import demo
from referrals.models import MastAlert, MastReferral, Outcome


def world() -> core_demo.DemoWorld:
    orgs = core_demo._organisations()
    teams = core_demo._teams(orgs)
    users = core_demo._users(orgs, teams)
    core_demo._children(orgs, teams, users)
    return core_demo.DemoWorld(orgs=orgs, teams=teams, users=users)


def test_demo_referrals_cover_every_state_and_seeding_twice_adds_nothing(db):
    demo_world = world()
    summary = demo.seed(demo_world)
    assert "8 referral(s) and 2 alert(s) added" in summary

    statuses = set(MastReferral.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "in_screening", "outcome_recorded"}
    outcomes = set(MastReferral.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert {Outcome.STRATEGY_DISCUSSION, Outcome.EARLY_HELP, Outcome.NO_FURTHER_ACTION} <= outcomes
    passed = MastReferral.objects.get(screenings__outcome=Outcome.PASSED_TO_ANOTHER_AUTHORITY)
    assert passed.authority == demo_world.orgs["south"] and passed.status == "submitted"
    overdue = Escalation.objects.filter(kind=Escalation.Kind.SCREENING_OVERDUE)
    assert set(overdue.values_list("level", flat=True)) == {1, 2}
    assert MastAlert.objects.count() == 2

    counts = (MastReferral.objects.count(), MastAlert.objects.count(), Escalation.objects.count())
    assert "0 referral(s) and 0 alert(s) added" in demo.seed(world())
    assert (MastReferral.objects.count(), MastAlert.objects.count(), Escalation.objects.count()) == counts
