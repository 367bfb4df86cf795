"""Tests of `portal.services`, one module per services module."""

from portal import selectors


def visible(user, child) -> bool:
    """Whether the child is in the user's list: what every page's access rests on."""
    return selectors.child_list_for_user(user=user).filter(pk=child.pk).exists()
