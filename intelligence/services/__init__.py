"""The only writers of exploitation intelligence (DESIGN §3): keyword-only, atomic, permission-checked,
each change saved with its reason."""

from intelligence.services.submit import (
    ItemDetails,
    intelligence_child_find,
    intelligence_child_unlink,
    intelligence_draft_save,
    intelligence_subject_add,
    intelligence_subject_remove,
    intelligence_submit,
)
from intelligence.services.sweeps import intelligence_escalate_unassessed
from intelligence.services.triage import (
    intelligence_assess,
    intelligence_close,
    intelligence_link_person,
    intelligence_link_place,
    intelligence_link_vehicle,
    intelligence_read_record,
)

__all__ = [
    "ItemDetails",
    "intelligence_assess",
    "intelligence_child_find",
    "intelligence_child_unlink",
    "intelligence_close",
    "intelligence_draft_save",
    "intelligence_escalate_unassessed",
    "intelligence_link_person",
    "intelligence_link_place",
    "intelligence_link_vehicle",
    "intelligence_read_record",
    "intelligence_subject_add",
    "intelligence_subject_remove",
    "intelligence_submit",
]
