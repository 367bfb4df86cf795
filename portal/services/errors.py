"""What a service raises when the record has moved on since the user loaded it."""


class InvalidTransition(Exception):
    """The record is no longer in a state that allows this action (someone else got there first)."""
