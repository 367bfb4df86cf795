"""The subject access sweeps cost only their work: a repeat run costs the same with 10 or 200 due
requests, and a first run about the same (bulk reads and writes, not a query per request)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal import sweeps
from subject_rights.models import SubjectAccessRequest
from tests.subject_rights.factories import family, open_request

AHEAD = timedelta(days=60)


def _more_due(template: SubjectAccessRequest, count: int) -> None:
    SubjectAccessRequest.objects.bulk_create(
        SubjectAccessRequest(
            organisation=template.organisation,
            person=template.person,
            child=template.child,
            requester="x",
            received_on=template.received_on,
            identity_evidence="known",
            identity_checked_on=template.received_on,
            due_on=template.due_on,
            officer=template.officer,
        )
        for _ in range(count)
    )


def _queries(name: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        sweeps.run(name, today=timezone.localdate() + AHEAD)
    return len(captured)


@pytest.mark.parametrize("about", ["parent", "child"])
@pytest.mark.parametrize("name", ["send_subject_access_reminders", "escalate_overdue_subject_access"])
def test_the_subject_access_sweeps_cost_the_same_with_10_and_200_due_requests(setup, name, about):
    # A request about a child carries the child to its escalation: read with the request, not one by one.
    template = open_request(setup, getattr(family(setup), about))
    _more_due(template, 9)
    first_10, repeat_10 = _queries(name), _queries(name)
    _more_due(template, 190)
    first_200, repeat_200 = _queries(name), _queries(name)
    assert repeat_200 == repeat_10
    assert first_200 - first_10 <= 10, (first_10, first_200)
    assert SubjectAccessRequest.objects.count() == 200
