from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = "Information governance"

    def ready(self) -> None:
        from portal import extensions, signals, sweeps
        from sharing import receivers

        signals.relationship_recorded.connect(receivers.on_relationship_recorded, dispatch_uid="sharing.privacy")
        sweeps.register("send_privacy_notice_reminders", "sharing.services.sweeps.privacy_notice_send_reminders")
        sweeps.register("escalate_overdue_privacy_notices", "sharing.services.sweeps.privacy_notice_escalate_overdue")
        from portal.models import Escalation
        from sharing import selectors
        from sharing.services import advice

        extensions.register_escalation_kind(
            Escalation.Kind.PRIVACY_NOTICE_OVERDUE,
            model="sharing.privacynotice",
            finished=selectors.escalations_finished_privacy_notice,
        )
        # An advice request is closed only by recording the advice (from the review queue too).
        extensions.register_escalation_kind(
            Escalation.Kind.SHARING_ADVICE_REQUESTED,
            model="sharing.sharingdecision",
            finished=selectors.escalations_finished_advice,
            on_resolve=advice.advice_from_escalation,
            reasons=selectors.escalation_reasons_advice,
        )
        # Sharing despite a refusal is a review: finished when the Caldicott Guardian closes it.
        extensions.register_escalation_kind(
            Escalation.Kind.CONSENT_OVERRIDDEN,
            model="sharing.sharingdecision",
            finished=None,
            reasons=selectors.escalation_reasons_override,
        )
        # Not sharing under the duty to share (s16LA) as more detrimental is a review too (issue 16).
        extensions.register_escalation_kind(
            Escalation.Kind.NOT_SHARED_DETRIMENTAL, model="sharing.sharingdecision", finished=None
        )

        extensions.register_nav("Sharing", "sharing:home", order=20)
        extensions.register_child_link("Consent", "sharing:child_consent", order=10)
        extensions.register_child_link(
            "Record a decision to share or not to share",
            "sharing:decision_start",
            order=20,
            visible=lambda user, child, permissions: user.has_perm("sharing.add_sharingdecision"),
        )
        extensions.register_child_link("Sharing log", "sharing:child_log", order=30)
        extensions.register_demo_seeder("sharing.demo.seed", order=5)
        extensions.register_demo_seeder("sharing.demo_cwsa.seed", order=6)  # the 2026 Act in use (issue 16)
        extensions.register_scale_seeder("sharing.scale.seed", order=5)
        from sharing.picture import SharingPlugin

        extensions.register(SharingPlugin())
        # Retention (issue 17): completed sharing decisions are kept for a period, then anonymised.
        from sharing import retention

        retention.register()
