"""The home page's "Your sign-ins" section (portal.extensions): when the person last signed in,
and any failed attempts on their account since."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts import selectors
from portal.extensions import HomeSection, OpenWork, Plugin


def sign_in_section(*, user, today) -> list[HomeSection]:
    previous = selectors.previous_sign_in(user=user)
    url = reverse("accounts:account")
    items = []
    if previous.event is None:
        items.append(OpenWork(label="This is your first sign-in", url=url))
    else:
        at = timezone.localtime(previous.event.at)
        label = f"Last signed in {date_format(at, 'j F Y')} at {date_format(at, 'H:i')}"
        items.append(OpenWork(label=label, url=url, status=f"from {previous.event.address or 'an unknown address'}"))
    if previous.failures_since:
        noun = "attempt" if previous.failures_since == 1 else "attempts"
        items.append(
            OpenWork(
                label=f"{previous.failures_since} failed {noun} to sign in since then",
                url=url,
                status="if that was not you, change your password",
            )
        )
    return [HomeSection(title="Your sign-ins", items=items)]


class AccountsPlugin(Plugin):
    name = "accounts"
    home_order = 900

    def home_sections(self, *, user, today) -> list[HomeSection]:
        return sign_in_section(user=user, today=today)
