"""Who may do what in information governance: the rules a service enforces and a page shows,
written once. Role rules (reviewers, managers) come from `portal.policies`."""

from portal import policies
from portal.access import has_object_permission
from portal.models import Child, User
from sharing.models import ConsentRecord, PrivacyNotice, SharingAgreement, SharingDecision


def may_work_on(user: User, child: Child) -> bool:
    """Someone who may change the child's record: they record consent and privacy information for it."""
    return has_object_permission(user, "change_child", child)


def may_record_consent(user: User, child: Child) -> bool:
    return user.has_perm("sharing.add_consentrecord") and may_work_on(user, child)


def may_withdraw_consent(user: User, consent: ConsentRecord) -> bool:
    """Someone working with the child, or whoever recorded the consent."""
    return consent.recorded_by_id == user.pk or may_work_on(user, consent.child)


def may_advise(user: User, decision: SharingDecision) -> bool:
    """The deciding organisation's Caldicott Guardians and lead information officers; or, where it
    has none, whoever the request for advice fell back to (the local authority's)."""
    if not user.has_perm("sharing.record_advice"):
        return False
    if policies.is_reviewer(user, decision.organisation):
        return True
    escalation = decision.advice_escalation
    return escalation is not None and escalation.assignments.filter(user=user).exists()


def may_amend(user: User, decision: SharingDecision) -> bool:
    """Whoever made the decision, or a reviewer of the organisation that made it."""
    return decision.made_by_id == user.pk or policies.is_reviewer(user, decision.organisation)


def may_close_privacy_notice(user: User, notice: PrivacyNotice) -> bool:
    """The practitioner responsible for it, or anyone working with the child."""
    return notice.responsible_id == user.pk or may_work_on(user, notice.child)


def may_record_agreement(user: User, agreement: SharingAgreement | None = None) -> bool:
    """Information governance leads record agreements (`agreement`: change that one)."""
    return user.has_perm("sharing.change_sharingagreement" if agreement else "sharing.add_sharingagreement")
