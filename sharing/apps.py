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
        extensions.register_scale_seeder("sharing.scale.seed", order=5)
        extensions.register_timeline_source("sharing.picture.timeline_sources")
        extensions.register_involvement_source("sharing.picture.involvement")
        extensions.register_open_work_source("sharing.picture.open_work")
        extensions.register_dashboard_widget("sharing.picture.dashboard_widgets", order=60)
        extensions.register_home_section("sharing.picture.home_sections", order=20)
