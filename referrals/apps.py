from django.apps import AppConfig


def _uses_referrals(user) -> bool:
    return user.has_perm("referrals.add_mastreferral") or user.has_perm("referrals.screen_mastreferral")


def _can_refer(user, child, permissions: set[str]) -> bool:
    from referrals.policies import can_refer_about

    return can_refer_about(user, child, permissions=permissions)


def _can_see_referrals(user, child, permissions: set[str]) -> bool:
    return "view_child" in permissions


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "MAST referrals"

    def ready(self) -> None:
        from portal import extensions, sweeps

        sweeps.register("escalate_overdue_screening", "referrals.services.sweeps.screening_escalate_overdue")
        from portal.models import Escalation
        from referrals import selectors

        extensions.register_escalation_kind(
            Escalation.Kind.SCREENING_OVERDUE,
            model="referrals.screening",
            finished=selectors.escalations_finished_screening,
        )
        extensions.register_nav("Referrals", "referrals:home", order=30, visible=_uses_referrals)
        extensions.register_child_link("Refer to MAST", "referrals:start_for_child", order=10, visible=_can_refer)
        extensions.register_child_link(
            "MAST referrals", "referrals:child_referrals", order=11, visible=_can_see_referrals
        )
        # A "moved in" alert can start a transfer request (the transfers app registers the action).
        extensions.register_record_source("mast_alert", selectors.alert_as_source)
        extensions.register_demo_seeder("referrals.demo.seed", order=10)
        extensions.register_scale_seeder("referrals.scale.seed", order=10)
        # After transfers' family (order 90): Noah Example-Family's referral.
        extensions.register_demo_seeder("referrals.family_demo.seed", order=91)
        from referrals.picture import ReferralsPlugin

        extensions.register(ReferralsPlugin())
        # Retention (issue 17): which of this app's records are kept, from when, and how they are disposed of.
        from referrals import retention

        retention.register()
