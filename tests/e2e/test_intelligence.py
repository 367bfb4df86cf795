"""Exploitation intelligence in Chromium (issue 16): a school's safeguarding lead shares what they saw
about a child at a car park (a draft first, then the child found by NHS number without opening the
record, then submitted); the Child Exploitation team triages it, links it to the car park, links a
second submission from the health visitor about the same car park to the same place, and the
trends page shows the place recurring, and the adult of concern named in both (typed two ways) as one
person who recurs."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from intelligence.models import IntelligenceItem
from portal.models import Organisation, Role, Team
from tests.e2e.test_child_journey import sign_in
from tests.factories import OrganisationFactory, TeamFactory, UserFactory, join, make_child
from tests.intelligence.factories import ce_team, submitted

pytestmark = pytest.mark.e2e
Item = IntelligenceItem
CAR_PARK = "The car park behind the Kwik Shop"


def fill_date(page, field: str, day) -> None:
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def success(page):
    return page.locator(".govuk-notification-banner--success")


def test_a_school_shares_intelligence_the_team_links_it_to_a_recurring_place_and_the_trends_show_it(
    page, setup, screenshots
):
    ce = ce_team(setup)
    school = OrganisationFactory(name="Riverside School", kind=Organisation.Kind.EDUCATION, serves_area=setup.north.org)
    teacher = UserFactory(username="school.teacher", organisation=school, roles=[Role.PRACTITIONER])
    join(teacher, TeamFactory(organisation=school, name="Safeguarding", kind=Team.Kind.SCHOOL_SAFEGUARDING))
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Robin", last_name="Parks")
    today = timezone.localdate()

    # --- The school's safeguarding lead starts a draft ---------------------------------------------
    sign_in(page, "school.teacher")
    page.get_by_role("link", name="Intelligence", exact=True).click()
    page.get_by_role("link", name="Share new intelligence").click()
    page.get_by_label("County lines").check()
    page.get_by_label("What was seen or heard").fill(
        "Robin was collected from the car park by an adult in a black car."
    )
    page.get_by_label("What you think it means (optional)").fill("I think Robin is being groomed.")
    fill_date(page, "happened_on", today - timedelta(days=1))
    page.get_by_label("Where", exact=True).fill("12 Acacia Avenue")
    page.get_by_label("Postcode district").fill("LS11 5AB")
    page.get_by_role("button", name="Save and continue").click()
    # A precise address is refused, with everything typed still there.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("postcode district only")
    expect(summary).to_contain_text("a house number and street")
    page.get_by_label("Where", exact=True).fill(CAR_PARK)
    page.get_by_label("Postcode district").fill("ls11")
    page.get_by_label("1 — Reliable").check()
    page.get_by_label("A — Known directly to the source").check()
    page.get_by_label("P — Lawful sharing permitted").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Check your intelligence and submit it")).to_be_visible()
    expect(page.get_by_test_id("fact")).to_contain_text("collected from the car park")
    expect(page.get_by_test_id("opinion")).to_contain_text("being groomed")

    # The child, found by NHS number: linked, the record not opened.
    page.get_by_role("link", name="Find the child in the portal").click()
    page.get_by_label("NHS number (if you know it)").fill(child.nhs_number)
    page.get_by_role("button", name="Find the child").click()
    expect(success(page)).to_contain_text("the intelligence is linked to it")
    page.get_by_role("link", name=re.compile("Add another young person")).click()
    page.get_by_label("An adult of concern").check()
    page.get_by_label("Describe them").fill("Driver of a black Audi, known as 'T'")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_test_id("intelligence-subjects")).to_contain_text("known as 'T'")
    page.screenshot(path=screenshots / "1-draft.png", full_page=True)
    page.get_by_role("button", name="Submit the intelligence").click()
    expect(success(page)).to_contain_text("sent to the Child Exploitation team")
    first = Item.objects.get(submitted_by=teacher)
    assert first.state == Item.State.NEW and first.child_links.get().child == child
    assert not child.access_grants.filter(user=teacher).exists()

    # A second submission about the same car park, from the health visitor.
    second = submitted(setup.health_visitor, place_description="Kwik Shop car park", postcode_district="LS11")

    # --- The Child Exploitation team triages -------------------------------------------------------
    page.context.clear_cookies()
    sign_in(page, ce.worker.username)
    page.get_by_role("link", name="Intelligence queue").click()
    page.get_by_role("link", name=first.reference).click()
    page.get_by_role("link", name="Assess the intelligence").click()
    page.get_by_label("Assessment").fill("Consistent with other reports about this car park.")
    page.get_by_role("button", name="Record the assessment").click()
    expect(success(page)).to_contain_text("assessed")
    page.get_by_role("link", name="Link a place").click()
    expect(page.get_by_label("Or describe a new place")).to_have_value(CAR_PARK)
    page.get_by_role("button", name="Link the place").click()
    expect(page.get_by_test_id("item-links")).to_contain_text("in 1 submission")
    # The adult of concern the school described becomes a counted person.
    page.get_by_role("link", name="Link a person").click()
    page.get_by_label("An adult of concern").check()
    page.get_by_label("Their name or nickname, or the account's username").fill("Tiny Marston")
    page.get_by_role("button", name="Link the person").click()
    expect(page.get_by_test_id("linked-person")).to_contain_text("Tiny Marston — in 1 submission")

    page.goto(f"/intelligence/{second.pk}/")
    page.get_by_role("link", name="Assess the intelligence").click()
    page.get_by_label("Assessment").fill("The same car park as the school's report.")
    page.get_by_role("button", name="Record the assessment").click()
    page.get_by_role("link", name="Link a place").click()
    page.get_by_label("A place already recorded").select_option(label=f"{CAR_PARK} (LS11) — 1 item")
    page.get_by_role("button", name="Link the place").click()
    expect(page.get_by_test_id("item-links")).to_contain_text("in 2 submissions")
    # The same man, typed another way, is the same person: he now recurs.
    page.get_by_role("link", name="Link a person").click()
    page.get_by_label("An adult of concern").check()
    page.get_by_label("Their name or nickname, or the account's username").fill("marston, tiny")
    page.get_by_role("button", name="Link the person").click()
    expect(page.get_by_test_id("linked-person")).to_contain_text("Tiny Marston — in 2 submissions")

    # --- The trends show the recurrence --------------------------------------------------------------
    page.goto("/intelligence/trends/")
    places = page.get_by_test_id("recurring-places")
    expect(places).to_contain_text(CAR_PARK)
    expect(places.locator("tbody tr").first).to_contain_text("2")
    people = page.get_by_test_id("recurring-people")
    expect(people).to_contain_text("Tiny Marston")
    expect(people.locator("tbody tr").first).to_contain_text("2")
    page.screenshot(path=screenshots / "2-trends.png", full_page=True)
    second.refresh_from_db()
    assert second.state == Item.State.LINKED
