"""Information governance's data (DESIGN §4 sharing), one module per kind:

* `reference` — legal gateways, lawful bases, agreements between organisations and their parties
* `records`   — consent, the record of every decision to share or not to share, privacy notices
* `identifier` — the consistent identifier (s16LC) every record about a child carries

The shared choices live in `sharing.choices` and are importable from here too."""

from sharing.choices import Answer, IdentifierOmitted, InformationCategory, Purpose, SharedItemNature, StatutoryDuty
from sharing.models.identifier import CarriesConsistentIdentifier
from sharing.models.records import (
    ConsentRecipient,
    ConsentRecord,
    PrivacyNotice,
    RecordedConsentManager,
    SharingDecision,
)
from sharing.models.reference import AgreementParty, AgreementPartyQuerySet, LawfulBasis, LegalGateway, SharingAgreement

__all__ = [
    "AgreementParty",
    "AgreementPartyQuerySet",
    "Answer",
    "CarriesConsistentIdentifier",
    "ConsentRecipient",
    "ConsentRecord",
    "IdentifierOmitted",
    "InformationCategory",
    "LawfulBasis",
    "LegalGateway",
    "PrivacyNotice",
    "Purpose",
    "RecordedConsentManager",
    "SharingAgreement",
    "SharedItemNature",
    "SharingDecision",
    "StatutoryDuty",
]
