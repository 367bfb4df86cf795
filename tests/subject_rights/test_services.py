"""Subject access requests through the services: opening, extending once, the bundle with third
parties redacted unless the officer chose to release them, the release kept exactly, and the
sweeps reminding and escalating once each."""

import hashlib
from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portal.models import Escalation, Notification
from portal.services import InvalidTransition
from subject_rights import services
from subject_rights.models import Exemption, Release, SubjectAccessRequest
from tests.subject_rights.factories import family, open_request, pdf_text


def _exemption(code="rights-of-others"):
    return Exemption.objects.get(code=code)


def test_the_exemptions_are_seeded_from_schedules_2_to_4(db):
    assert set(Exemption.objects.values_list("schedule", flat=True)) == {2, 3, 4}
    assert Exemption.objects.filter(code="rights-of-others", reference="Schedule 2, Part 3, para 16").exists()


def test_a_request_is_due_one_ico_month_after_receipt(setup):
    fam = family(setup)
    with time_machine.travel(date(2026, 2, 2)):
        sar = open_request(setup, fam.parent, received_on=date(2026, 1, 31))
    assert sar.due_on == date(2026, 3, 2)
    assert sar.person == fam.parent and sar.child is None


def test_only_a_lead_information_officer_of_the_holder_opens_a_request(setup):
    fam = family(setup)
    for user in (setup.north.social_worker, setup.north.caldicott, setup.south.info_lead):
        with pytest.raises(PermissionDenied):
            open_request(setup, fam.parent, officer=user)


def test_a_request_is_extended_once_with_the_reason_and_the_requester_told(setup):
    fam = family(setup)
    sar = open_request(setup, fam.parent, received_on=timezone.localdate() - timedelta(days=5))
    with pytest.raises(ValidationError) as refused:
        services.subject_access_extend(actor=setup.north.info_lead, request=sar, months=3, reason="", told_on=None)
    assert set(refused.value.error_dict) == {"months", "reason", "told_on"}
    sar = services.subject_access_extend(
        actor=setup.north.info_lead, request=sar, months=2, reason="Many records", told_on=timezone.localdate()
    )
    assert sar.extended_due_on > sar.due_on
    assert sar.requester_told_on == timezone.localdate()
    with pytest.raises(InvalidTransition):
        services.subject_access_extend(
            actor=setup.north.info_lead, request=sar, months=1, reason="Again", told_on=timezone.localdate()
        )


def test_the_bundle_marks_the_significant_other_as_a_third_party(setup):
    fam = family(setup)
    sar = open_request(setup, fam.parent)
    items = services.requests.released_items(request=sar, viewer=setup.north.info_lead)
    household = next(i for i in items if i.item.key.startswith("portal.relationship:"))
    assert f"person:{fam.other.pk}" in {p.key for p in household.item.third_parties}


def test_a_third_partys_name_never_appears_in_a_released_bundle_unless_chosen(setup):
    fam = family(setup)
    sar = open_request(setup, fam.parent)
    release = services.subject_access_release(actor=setup.north.info_lead, request=sar)
    text = pdf_text(bytes(release.pdf))
    assert "Paula Parent" in text and "1 Parent Street" in text
    assert "Sam Secret" not in text and "07000 999999" not in text and "9 Hidden Row" not in text
    assert "[redacted]" in text


def test_a_third_partys_name_is_released_when_the_officer_chooses(setup):
    fam = family(setup)
    sar = open_request(setup, fam.parent)
    services.subject_access_party_decide(
        actor=setup.north.info_lead,
        request=sar,
        party_key=f"person:{fam.other.pk}",
        action="release",
        exemption=None,
        reason="Sam Secret agreed in writing",
    )
    release = services.subject_access_release(actor=setup.north.info_lead, request=sar)
    assert "Sam Secret" in pdf_text(bytes(release.pdf))


def test_a_withheld_item_is_left_out_with_its_exemption(setup):
    fam = family(setup)
    sar = open_request(setup, fam.parent)
    items = services.requests.released_items(request=sar, viewer=setup.north.info_lead)
    key = next(i.item.key for i in items if i.item.key.startswith("portal.relationship:"))
    services.subject_access_item_withhold(
        actor=setup.north.info_lead, request=sar, item_key=key, exemption=_exemption("social-work-serious-harm")
    )
    release = services.subject_access_release(actor=setup.north.info_lead, request=sar)
    text = pdf_text(bytes(release.pdf))
    assert "Lives with the child" not in text
    assert "Social work data: serious harm" in text
    assert release.items_withheld == 1


def test_the_exact_released_bytes_are_kept_with_their_hash_and_the_request_closes(setup):
    fam = family(setup)
    sar = open_request(setup, fam.parent)
    release = services.subject_access_release(actor=setup.north.info_lead, request=sar)
    kept = Release.objects.get(request=sar)
    assert bytes(kept.pdf).startswith(b"%PDF")
    assert hashlib.sha256(bytes(kept.pdf)).hexdigest() == kept.sha256 == release.sha256
    sar.refresh_from_db()
    assert sar.status == SubjectAccessRequest.Status.RELEASED and sar.released_on == timezone.localdate()
    with pytest.raises(InvalidTransition):
        services.subject_access_release(actor=setup.north.info_lead, request=sar)


def test_reminders_and_escalation_go_once_each(setup):
    fam = family(setup)
    with time_machine.travel(date(2026, 1, 31)):
        sar = open_request(setup, fam.parent, received_on=date(2026, 1, 31))
    reminded = Notification.objects.filter(event_key__startswith=f"subject-access:{sar.pk}:reminder")
    assert services.subject_access_send_reminders(today=date(2026, 2, 20)) == {"reminders_sent": 0}
    assert services.subject_access_send_reminders(today=date(2026, 2, 23)) == {"reminders_sent": 1}
    assert services.subject_access_send_reminders(today=date(2026, 2, 24)) == {"reminders_sent": 0}
    assert reminded.count() == 1 and reminded.get().recipient == setup.north.info_lead
    assert services.subject_access_escalate_overdue(today=date(2026, 3, 2)) == {"escalations_raised": 0}
    assert services.subject_access_escalate_overdue(today=date(2026, 3, 3)) == {"escalations_raised": 1}
    assert services.subject_access_escalate_overdue(today=date(2026, 3, 4)) == {"escalations_raised": 0}
    escalation = Escalation.objects.get(kind=Escalation.Kind.SUBJECT_ACCESS_OVERDUE)
    assert set(escalation.assignees.all()) == {setup.north.info_lead, setup.north.caldicott}
    services.subject_access_release(actor=setup.north.info_lead, request=sar)
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.RESOLVED


def test_an_extended_request_is_reminded_again_before_its_new_deadline(setup):
    fam = family(setup)
    with time_machine.travel(date(2026, 2, 10)):
        sar = open_request(setup, fam.parent, received_on=date(2026, 1, 31))
        services.subject_access_send_reminders(today=date(2026, 2, 24))
        services.subject_access_extend(
            actor=setup.north.info_lead, request=sar, months=2, reason="Complex", told_on=date(2026, 2, 10)
        )
    assert services.subject_access_escalate_overdue(today=date(2026, 3, 10)) == {"escalations_raised": 0}
    assert services.subject_access_send_reminders(today=date(2026, 4, 24)) == {"reminders_sent": 1}
    assert services.subject_access_send_reminders(today=date(2026, 4, 25)) == {"reminders_sent": 0}


def test_a_withheld_item_can_be_put_back_and_the_decision_keeps_its_history(setup):
    fam = family(setup)
    sar = open_request(setup, fam.parent)
    officer = setup.north.info_lead
    key = f"portal.person:{fam.parent.pk}"
    decision = services.subject_access_item_withhold(
        actor=officer, request=sar, item_key=key, exemption=_exemption("crime-and-taxation")
    )
    services.subject_access_item_release(actor=officer, request=sar, item_key=key)
    decision.refresh_from_db()
    assert decision.withheld is False and decision.history.count() == 2
    release = services.subject_access_release(actor=officer, request=sar)
    assert release.items_withheld == 0 and "Your details as recorded" in pdf_text(bytes(release.pdf))
    with pytest.raises(ValidationError):
        services.subject_access_item_withhold(
            actor=setup.north.info_lead, request=open_request(setup, fam.parent), item_key="nope", exemption=None
        )
