"""What the referrals page tests post and ask: a status for a user at a URL, and answers to each
section of a draft as the browser sends them."""

from django.utils import timezone

from tests.helpers import client_for


def status(user, url: str, method: str = "get", data=None) -> int:
    return getattr(client_for(user), method)(url, data or {}).status_code


def today_parts(prefix: str) -> dict[str, str]:
    today = timezone.localdate()
    return {f"{prefix}_0": str(today.day), f"{prefix}_1": str(today.month), f"{prefix}_2": str(today.year)}


CONCERN_POST = {
    "concern_categories": ["neglect", "physical_abuse"],
    "what_happened": "Bruise on the cheek seen at the 9 month check.",
    "referrer_view": "I think the injury is not accidental.",
    "urgency": "2",
    "information_categories": ["identity", "family", "health"],
    "sharing_reasons": "MAST needs to know to decide whether the baby is safe at home.",
    "advice_from": "",
}
FAMILY_POST = {
    "child_views": "Too young.",
    "family_views": "Not asked.",
    "family_told": "no",
    "family_not_told_reason": "would_increase_risk",
}


def consent_post(**overrides) -> dict:
    data = {
        "consent_decision": "not_sought",
        "consent_not_sought_reason": "child_at_risk",
        "consent_explanation": "The mother's partner is the risk.",
        "consent_method": "",
        "consent_from": "new",
        "new_first_name": "Jo",
        "new_last_name": "Parent",
        "new_kind": "mother",
        "new_source": "person",
        **today_parts("consent_decided_on"),
    }
    data.update(overrides)
    return data
