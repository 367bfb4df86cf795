"""The intelligence pages: submitting (`submit`) and the Child Exploitation team's work (`team`)."""

from intelligence.views.submit import child_find, child_unlink, draft, edit, mine, new, subject_add, subject_remove
from intelligence.views.team import assess, close, detail, link_person, link_place, link_vehicle, queue, trends_page

__all__ = [
    "assess",
    "child_find",
    "child_unlink",
    "close",
    "detail",
    "draft",
    "edit",
    "link_person",
    "link_place",
    "link_vehicle",
    "mine",
    "new",
    "queue",
    "subject_add",
    "subject_remove",
    "trends_page",
]
