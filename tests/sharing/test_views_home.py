"""The sharing home page and the sharing pages linked from a child's record."""

from django.urls import reverse

from tests.helpers import client_for


def test_child_pages_role_matrix(setup, child):
    urls = [
        reverse("sharing:child_consent", args=[child.pk]),
        reverse("sharing:child_log", args=[child.pk]),
        reverse("sharing:decision_start", args=[child.pk]),
    ]
    for url in urls:
        assert client_for(setup.north.social_worker).get(url).status_code == 200, url
        assert client_for(setup.south.social_worker).get(url).status_code == 404, url
        assert client_for(setup.north.caldicott).get(url).status_code == 404, url


def test_sharing_home_works_for_every_role(setup, child):
    for user in [setup.north.social_worker, setup.north.cin_manager, setup.north.caldicott, setup.health_visitor]:
        assert client_for(user).get(reverse("sharing:home")).status_code == 200
