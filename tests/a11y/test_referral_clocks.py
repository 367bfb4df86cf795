"""Referral clocks and order on MAST's screening queue (issue 15): immediate referrals first, with the
hours since they were received; then the overdue (a standard one before an urgent one still on time);
then those due today."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from referrals import clocks, selectors
from referrals.models import Urgency
from tests.helpers import client_for
from tests.referrals.factories import sent

LONDON = ZoneInfo("Europe/London")


def test_hours_since_counts_whole_hours_and_never_goes_negative():
    received = datetime(2026, 12, 7, 9, 30, tzinfo=LONDON)
    assert clocks.hours_since(received, datetime(2026, 12, 7, 12, 29, tzinfo=LONDON)) == 2
    assert clocks.hours_since(received, datetime(2026, 12, 8, 9, 30, tzinfo=LONDON)) == 24
    assert clocks.hours_since(received, datetime(2026, 12, 7, 9, 0, tzinfo=LONDON)) == 0


def test_immediate_first_then_overdue_then_due_today_then_the_rest(setup, time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 10, 0, tzinfo=LONDON))  # Tuesday: due Wednesday 2nd
    overdue_standard = sent(setup, concern={"urgency": Urgency.STANDARD})
    time_machine.move_to(datetime(2026, 12, 2, 10, 0, tzinfo=LONDON))  # due Thursday 3rd
    due_today_standard = sent(setup, concern={"urgency": Urgency.STANDARD})
    time_machine.move_to(datetime(2026, 12, 3, 9, 0, tzinfo=LONDON))  # due Friday 4th
    on_time_urgent = sent(setup, concern={"urgency": Urgency.URGENT})
    immediate = sent(setup, concern={"urgency": Urgency.IMMEDIATE})
    time_machine.move_to(datetime(2026, 12, 3, 14, 30, tzinfo=LONDON))

    queue = list(selectors.screening_queue_for_user(user=setup.north.screener))
    assert queue == [immediate, overdue_standard, due_today_standard, on_time_urgent]

    html = client_for(setup.north.screener).get(reverse("referrals:queue")).content.decode()
    clocks_shown = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
        for cell in re.findall(r'data-testid="queue-clock">(.*?)</td>', html, re.S)
    ]
    assert clocks_shown[0].startswith("Received 5 hours ago")
    assert "Overdue" in clocks_shown[1] and "Due today" in clocks_shown[2] and "On time" in clocks_shown[3]
    assert (
        html.index(immediate.reference) < html.index(overdue_standard.reference) < html.index(on_time_urgent.reference)
    )


def test_each_queue_row_says_what_the_referral_is_about_in_the_referrers_words(setup):
    from tests.referrals.factories import FACTS

    referral = sent(setup)
    html = client_for(setup.north.screener).get(reverse("referrals:queue")).content.decode()
    assert referral.child.full_name in html
    concern = re.search(r'data-testid="queue-concern">(.*?)</span>', html, re.S).group(1)
    assert concern.startswith("Physical abuse") and FACTS[:60] in concern.replace("&#x27;", "'")
