"""No link leads to a page its viewer cannot open (issue 15): signed in as each demo role, crawl from
the home page and follow every same-origin GET link; none may answer 403 or 404."""

import pytest
from django.core.management import call_command
from django.test import Client

from portal.demo import demo_users
from portal.models import User
from tests.crawl import client_fetch, crawl


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo data, made once for the module and rolled back at the end."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - quiet
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("username", [user.username for user in demo_users()])
def test_no_link_leads_to_a_page_the_viewer_cannot_open(demo_world, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    result = crawl(client_fetch(client))
    assert len(result.opened) > 3
    assert result.broken() == {}
