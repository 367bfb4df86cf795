"""What every response carries (Cache-Control, Permissions-Policy) and the GOV.UK error pages."""

import pytest
from django.test import Client, override_settings
from django.urls import include, path, reverse

from tests.helpers import client_for


def _boom(request):
    raise RuntimeError("database password is hunter2 and the child is Ada North")


# A URLconf for the 500 test: the portal's own URLs plus a view that fails.
urlpatterns = [path("boom/", _boom), path("", include("config.urls"))]


def _never_stored(response) -> bool:
    directives = {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


# --- Cache-Control and Permissions-Policy --------------------------------------------------------


def test_signed_in_pages_are_never_stored_by_a_browser_or_proxy(setup):
    client = client_for(setup.north.social_worker)
    for url in [reverse("portal:home"), reverse("portal:child_list"), reverse("portal:notification_list")]:
        assert _never_stored(client.get(url)), url


def test_csv_exports_of_personal_data_are_never_stored(setup):
    from tests.factories import make_child

    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    response = client_for(setup.north.social_worker).get(
        reverse("sharing:child_log", args=[child.pk]), {"format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert _never_stored(response)


def test_the_sign_in_page_is_not_stored_either(db):
    # It carries a CSRF token; nothing the application writes is worth caching.
    assert _never_stored(Client().get(reverse("login")))


def test_every_response_carries_a_permissions_policy(setup):
    responses = [
        Client().get(reverse("login")),
        client_for(setup.north.social_worker).get(reverse("portal:home")),
        Client().get("/static/portal/portal.css"),
        client_for(setup.north.social_worker).get("/no-such-page/"),
    ]
    for response in responses:
        policy = response.headers.get("Permissions-Policy", "")
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_static_files_stay_cacheable(db):
    response = Client().get("/static/portal/portal.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


# --- Error pages ---------------------------------------------------------------------------------


def test_an_unknown_page_is_the_govuk_page_not_found(setup):
    # Markers no factory name can contain (a user called "Adam" once made "Ada" appear).
    response = client_for(setup.north.social_worker).get("/children/no-such-thing-q7x/?name=Zqvxjw")
    assert response.status_code == 404
    content = response.content.decode()
    assert "govuk-template" in content
    assert "Page not found" in content
    assert "If you typed the web address, check it is correct" in content
    assert reverse("portal:home") in content
    # Nothing about the request is repeated back.
    assert "no-such-thing-q7x" not in content and "Zqvxjw" not in content


def test_an_unknown_page_for_someone_signed_out_is_the_govuk_page_too(db):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_forbidden_page_is_the_govuk_page_and_says_what_to_do(setup):
    response = client_for(setup.north.social_worker).get(reverse("portal:dashboard"))
    assert response.status_code == 403
    content = response.content.decode()
    assert "govuk-template" in content
    assert "You cannot do this" in content
    assert "team manager" in content
    assert reverse("portal:home") in content


def test_a_bad_request_is_the_govuk_page(db):
    response = Client(HTTP_HOST="attacker.example").get(reverse("login"))
    assert response.status_code == 400
    content = response.content.decode()
    assert "govuk-template" in content
    assert "Sorry, there is a problem with the request" in content
    assert "attacker.example" not in content


def test_a_failed_csrf_check_is_the_govuk_page_and_says_to_go_back(setup):
    client = Client(enforce_csrf_checks=True)
    client.force_login(setup.north.social_worker)
    response = client.post(reverse("portal:child_create"), {"first_name": "Bea"})
    assert response.status_code == 403
    content = response.content.decode()
    assert "govuk-template" in content
    assert "The page you were on has expired" in content
    assert "CSRF" not in content


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_is_the_govuk_page_and_leaks_nothing(setup):
    client = client_for(setup.north.social_worker)
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "govuk-template" in content
    assert "Sorry, there is a problem with the service" in content
    assert "hunter2" not in content and "Ada North" not in content and "RuntimeError" not in content
    assert _never_stored(response)


@pytest.mark.parametrize("template", ["400.html", "403.html", "403_csrf.html", "404.html", "500.html"])
def test_every_error_page_offers_a_way_back_without_a_request(db, template):
    from django.template.loader import render_to_string

    # The 500 page is rendered with no request and no context processors.
    content = render_to_string(template)
    assert f'data-testid="way-back" href="{reverse("portal:home")}"' in content
