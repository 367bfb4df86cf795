"""MAST referrals (Tier 5): referrals with the consent decision, screening within one working day,
and alerts to MAST. DESIGN §4 referrals."""
