"""What a referral reaching a local authority's MAST does, whether it is sent there or passed on by
another authority: the team may see and screen it and work on the child's record, and each member
is told it is waiting."""

from guardian.shortcuts import assign_perm

from portal import services as core
from portal.models import Child, ChildAccessGrant, Team, User
from portal.services import InvalidTransition
from referrals import notices, selectors
from referrals.models import MastReferral, Screening

# Who a referral's consent and sharing decision name as the recipient at the authority.
MAST_RECIPIENT_NAME = "MAST duty team"


def open_to_mast(*, referral: MastReferral, teams: list[Team], actor: User) -> None:
    """The authority's MAST team may see and screen the referral, and work on the child's record."""
    child: Child | None = referral.child
    if child is None:
        # Only a draft has no child, and a draft never reaches MAST.
        raise InvalidTransition("Choose the child before the referral goes to MAST.")
    for team in teams:
        assign_perm("referrals.view_mastreferral", team.group, referral)
        assign_perm("referrals.screen_mastreferral", team.group, referral)
        core.child_access_grant(
            child=child,
            basis=ChildAccessGrant.Basis.REFERRAL,
            level=ChildAccessGrant.Level.EDIT,
            team=team,
            source=referral,
            granted_by=actor,
        )


def tell_mast(*, referral: MastReferral, screening: Screening, teams: list[Team]) -> None:
    notice = notices.referral_to_screen(referral=referral, screening=screening)
    for user in selectors.mast_members(teams=teams):
        core.notify(
            recipient=user,
            event_key=f"referral-screening:{screening.pk}:received",
            subject=notice.subject,
            body=notice.body,
            link=referral.get_absolute_url(),
        )
