"""What the intelligence services share: the row lock and telling a child's team that intelligence
is held (never what it says)."""

from django.urls import reverse

from intelligence import selectors
from intelligence.models import IntelligenceItem
from portal import policies
from portal.models import Child, User
from portal.services import notify_each

Item = IntelligenceItem
State = IntelligenceItem.State


def lock(item: Item) -> Item:
    """The item again, locked for the rest of the transaction (two people may act on it at once)."""
    return Item.objects.select_for_update().select_related("authority").get(pk=item.pk)


def tell_allocated_team(*, item: Item, child: Child, actor: User) -> int:
    """Tell the child's allocated worker and their team's managers, once per child and authority, that
    the Child Exploitation team holds intelligence: whom to contact, not what it says. Runs inside the
    caller's transaction."""
    recipients: list[User] = []
    if child.allocated_worker is not None:
        recipients.append(child.allocated_worker)
    if child.allocated_team_id:
        recipients += list(policies.managers_of(teams=[child.allocated_team_id]))
    team = selectors.ce_teams(authority=item.authority_id).first()
    contact = ", ".join(part for part in [team.phone, team.email] if part) if team else ""
    return notify_each(
        recipients,
        event_key=f"intelligence-held:{child.pk}:{item.authority_id}",
        subject="Exploitation intelligence is held about a child you work with",
        body=(
            f"The Child Exploitation team of {item.authority} holds intelligence about {child.full_name}. "
            f"Contact the team to discuss it{': ' + contact if contact else ''}. "
            "This message does not say what the intelligence is."
        ),
        link=reverse("portal:child_involved", args=[child.pk]),
        exclude=actor,
    )
