"""An accessibility statement (the GOV.UK model) is linked from every page's footer, open to anyone,
and "contact MAST" always comes with the number to call (a setting) (issue 15)."""

import re

from django.test import Client


def test_the_accessibility_statement_is_in_the_footer_and_open_without_signing_in(db):
    sign_in = Client().get("/sign-in/").content.decode()
    assert 'href="/accessibility/"' in sign_in
    response = Client().get("/accessibility/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Accessibility statement" in html
    assert "partially compliant" in html
    assert 'data-testid="known-issues"' in html


def test_every_contact_mast_gives_the_number_from_the_settings(rf, settings):
    """Each template that tells someone to contact MAST gives the number, from the setting."""
    from pathlib import Path

    from django.template import engines
    from django.template.loader import render_to_string

    from portal.context_processors import contacts

    settings.PORTAL_MAST_PHONE = "01632 960 123"
    assert contacts(rf.get("/"))["mast_phone"] == "01632 960 123"
    templates = Path(engines["django"].engine.dirs[0])
    saying = [p for p in templates.rglob("*.html") if "contact MAST" in p.read_text()]
    assert saying
    for template in saying:
        text = " ".join(template.read_text().split())
        for part in text.split("contact MAST")[1:]:
            assert re.match(r"\s*(directly |straight away )?on \{\{ mast_phone \}\}", part), template
    assert "01632 960 123" in render_to_string("portal/accessibility.html", request=rf.get("/"))


def test_the_statement_lists_what_still_falls_short(db):
    """What is still known to fall short is listed, with the success criteria it fails."""
    html = Client().get("/accessibility/").content.decode()
    known = html.split('data-testid="known-issues"')[1].split("</ul>")[0]
    assert "a screen reader is not told that the new question has appeared" in known
    assert "4.1.2 Name, Role, Value" in html
    assert "last reviewed on" in html
