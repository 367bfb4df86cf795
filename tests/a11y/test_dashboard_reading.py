"""Charts people can read, and a dashboard ordered by the manager's own team (issue 15)."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from portal.charts import Bar, bar_chart
from portal.models import User


def test_a_chart_labels_its_axis_its_values_and_its_limit_in_16px_text():
    svg = bar_chart(
        [Bar("3 Mar", 4), Bar("10 Mar", 18)],
        title="Days to a decision",
        axis_label="Days from referral to decision",
        limit=15,
        limit_label="15-day limit",
    )
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Days from referral to decision" in texts  # the axis
    assert {"3 Mar", "10 Mar", "4", "18"} <= set(texts)  # each bar's label and value
    assert "15-day limit" in texts
    assert "0" in texts  # the scale starts at 0
    sizes = [int(size) for size in re.findall(r'font-size="(\d+)"', svg)]
    assert sizes and min(sizes) >= 16
    assert re.search(r'<svg[^>]* width="\d+"', svg)  # drawn at its own size, so 16 means 16 px


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - quiet


def test_the_mast_manager_sees_screening_first_and_empty_sections_as_one_line(demo):
    client = Client()
    client.force_login(User.objects.get(username="north.mastmanager"))
    response = client.get("/dashboard/")
    widgets = response.context["widgets"]
    assert "screening" in widgets[0].title
    empties = [w.is_empty for w in widgets]
    assert empties == sorted(empties)  # every empty section after every section with something in it
    html = response.content.decode()
    if any(empties):
        assert 'data-testid="widget-empty"' in html


def test_a_charts_figures_are_a_visible_table_behind_a_toggle(demo):
    client = Client()
    client.force_login(User.objects.get(username="north.cinmanager"))
    html = client.get("/dashboard/").content.decode()
    assert 'data-testid="chart"' in html
    assert '<details class="govuk-details" data-testid="chart-data">' in html
    assert "govuk-table govuk-visually-hidden" not in html
