"""Who may do what with referrals and alerts: the object rules this app adds to the role rules of
`portal.policies`. Services enforce them; views and templates ask them to show or hide actions.

Like `portal.policies`, each takes the user first and reads only what the decision needs.
"""

from portal.access import has_object_permission
from portal.models import Child, Team, User
from referrals import rules
from referrals.models import MastAlert, MastReferral


def can_refer_about(
    user: User, child: Child, *, referral: MastReferral | None = None, permissions: set[str] | None = None
) -> bool:
    """Anyone who makes referrals may refer a child whose record they work on, or, in a referral of
    theirs, a record they found by typing details that identify it exactly (`referral_choose_matched_child`)
    and that still identify it. A child's pk alone is never enough.

    `permissions`: the user's object permissions on the child, when the caller has them already
    (the child page's links)."""
    if not user.has_perm("referrals.add_mastreferral"):
        return False
    works_on_child = (
        "change_child" in permissions if permissions is not None else has_object_permission(user, "change_child", child)
    )
    if works_on_child:
        return True
    return referral is not None and _matched_by_referrer(user, referral, child)


def _matched_by_referrer(user: User, referral: MastReferral, child: Child) -> bool:
    return (
        referral.referrer_id == user.pk
        and referral.child_is_matched
        and referral.child_id == child.pk
        and bool(rules.identity_match(child, rules.given_identity(referral)))
    )


def can_screen(user: User, referral: MastReferral) -> bool:
    """A MAST screener (or MAST manager) of the authority that is screening the referral now."""
    return user.has_perm("referrals.screen_mastreferral") and has_object_permission(
        user, "screen_mastreferral", referral
    )


def can_act_on_alert(user: User, alert: MastAlert) -> bool:
    """MAST of the authority the alert was sent to."""
    return user.has_perm("referrals.act_on_mastalert") and has_object_permission(user, "act_on_mastalert", alert)


def alert_kinds_for(user: User) -> list[str]:
    """Which alerts a user's organisation raises (Tier 4 guidance): agencies other than social care
    tell MAST a Child in Need from another area now lives here; social care tells MAST that a Child
    in Need has left for an unknown location."""
    if user.organisation is None:
        return []
    if user.organisation.is_local_authority:
        return [MastAlert.Kind.WHEREABOUTS_UNKNOWN]
    return [MastAlert.Kind.CIN_MOVED_IN]


def alert_reader_team_kinds(alert: MastAlert) -> list[str]:
    """Besides MAST (which acts on every alert), whose managers in the receiving authority read an
    alert: the Child in Need teams' managers read "a Child in Need from another area is now living
    here", since they ask the other authority for the case (a transfer request started from the
    alert). Their practitioners do not: the manager decides and allocates."""
    if alert.kind == MastAlert.Kind.CIN_MOVED_IN:
        return [Team.Kind.CHILD_IN_NEED]
    return []
