"""seed_demo shows the 2026 Act in use (issue 16): shares under the duty with items fact or opinion
and the recognised legitimate interest, shares without the NHS number for the report, a decision
not shared as more detrimental waiting for review; idempotent; nothing before commencement."""

from datetime import date

from django.test import override_settings
from django.urls import reverse

from portal import demo as core_demo
from portal.models import Escalation
from sharing import demo, demo_cwsa, rules
from sharing.models import SharingDecision
from tests.helpers import client_for


def world() -> core_demo.DemoWorld:
    orgs = core_demo._organisations()
    teams = core_demo._teams(orgs)
    users = core_demo._users(orgs, teams)
    core_demo._children(orgs, teams, users)
    return core_demo.DemoWorld(orgs=orgs, teams=teams, users=users)


@override_settings(PORTAL_CWSA_2026_COMMENCEMENT=date(2026, 4, 1))
def test_the_demo_shows_the_2026_act_in_use_and_seeding_twice_adds_nothing(db, time_machine):
    time_machine.move_to("2026-06-01 12:00")
    demo_world = world()
    demo.seed(demo_world)
    assert "3 shares under the duty to share" in demo_cwsa.seed(demo_world)
    ours = SharingDecision.objects.filter(requested_by__startswith=demo_cwsa.PREFIX)
    shares = ours.filter(outcome="share", status="completed")
    assert shares.count() == 3
    assert set(shares.values_list("statutory_duty", flat=True)) == {rules.STATUTORY_DUTY_S16LA}
    assert all({"fact", "opinion"} <= {i["nature"] for i in d.shared_items} for d in shares)
    assert set(shares.values_list("article_6_basis__code", flat=True)) == {rules.ARTICLE_6_RECOGNISED_SAFEGUARDING}
    assert set(shares.exclude(identifier_omitted_reason="").values_list("identifier_omitted_reason", flat=True)) == {
        rules.UNKNOWN_UNREASONABLE_DELAY,
        rules.MORE_DETRIMENTAL,
    }
    withheld = ours.get(outcome=SharingDecision.Outcome.NOT_SHARED_DETRIMENTAL)
    assert Escalation.objects.filter(kind=Escalation.Kind.NOT_SHARED_DETRIMENTAL, subject_id=withheld.pk).exists()
    assert ours.filter(status="draft", outcome="share").count() == 1
    report = client_for(demo_world.users["north.caldicott"]).get(reverse("sharing:identifier_report"))
    assert "Including the NHS number would be more detrimental to the child" in report.content.decode()

    count = SharingDecision.objects.count()
    assert "already present" in demo_cwsa.seed(world())
    assert SharingDecision.objects.count() == count


@override_settings(PORTAL_CWSA_2026_COMMENCEMENT=date(2027, 1, 1))
def test_before_commencement_the_demo_makes_nothing_of_the_act(db, time_machine):
    time_machine.move_to("2026-06-01 12:00")
    assert "not commenced" in demo_cwsa.seed(world())
    assert not SharingDecision.objects.filter(requested_by__startswith=demo_cwsa.PREFIX).exists()
