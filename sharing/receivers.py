"""What information governance does when the core records something."""

from sharing import services


def on_relationship_recorded(sender, *, relationship, actor, **kwargs) -> None:
    services.privacy_notice_create_for_relationship(relationship=relationship, responsible=actor)
