"""The sign-in page's error follows the GOV.UK pattern (issue 15): the page title starts "Error:",
the summary links to the field, and the message is at the field too."""

import re

from django.test import Client


def test_a_wrong_password_gives_the_gov_uk_error_pattern(setup):
    response = Client().post("/sign-in/", {"username": setup.north.social_worker.username, "password": "wrong"})
    html = response.content.decode()
    assert re.search(r"<title>\s*Error: Sign in", html)
    assert 'href="#id_username"' in html
    assert re.search(
        r"<p id=\"id_username-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> Enter",
        html,
    )
    assert 'aria-describedby="id_username-error"' in html
    assert "govuk-input--error" in html
