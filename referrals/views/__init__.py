"""Pages for MAST referrals, screening and alerts, one module per area (`urls.py` names each view
where it lives). Thin: selectors to read, services to write, `portal.pages.submit` to answer what a
service refused. 404 for what the user may not see, 403 for what they may see but not do (DESIGN §5).

* `referral`  — the referrals home, a referral's page, a child's referrals
* `drafts`    — starting a referral, its sections, check your answers and send
* `child`     — the child step: choose, record, or identify a record held by another team
* `consent`   — the consent step
* `screening` — the queue and screening a referral
* `alerts`    — alerts to MAST
"""
