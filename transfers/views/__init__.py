"""The transfers pages, one module per part of the workflow (`urls.py` points at each). Thin:
selectors to read, services to write, `portal.pages.submit` to run a service and answer the GOV.UK
way. 404 for a transfer the user may not see (a third authority; the receiving authority before the
referral), 403 for one they may see but not act on; a decision someone else made first is a clear
message, never an error page.

* `lists`: transfers in and out, and transfer requests
* `prepare`: starting a transfer and drafting it, then referring it
* `transfer`: the transfer's page and its print, withdrawing it, and keeping the family informed
* `decide`: the receiving authority's acknowledgement and decision, and resolving a dispute
* `requests`: asking for a transfer, and answering a request
"""
