"""seed_demo opens a subject access request for north's lead information officer, once."""

import os

from django.core.management import call_command
from django.urls import reverse

from portal.models import User
from subject_rights.models import SubjectAccessRequest
from tests.helpers import client_for


def test_the_demo_shows_a_subject_access_request_to_the_lead_information_officer(db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - quiet
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - idempotent
    sar = SubjectAccessRequest.objects.get()
    officer = User.objects.get(username="north.infolead")
    page = client_for(officer).get(reverse("subject_rights:list"))
    assert sar.get_absolute_url() in page.content.decode()
    assert client_for(officer).get(reverse("subject_rights:bundle", args=[sar.pk])).status_code == 200
