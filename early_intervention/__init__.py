"""Early Intervention plan moves: planned and unplanned moves out of area of a child on a Tier 2/3
Early Intervention plan, the multi-agency meeting and each outcome's next steps (DESIGN §4)."""
