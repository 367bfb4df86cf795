from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = "Information governance"

    def ready(self) -> None:
        from portal import signals, sweeps
        from sharing import receivers

        signals.relationship_recorded.connect(receivers.on_relationship_recorded, dispatch_uid="sharing.privacy")
        sweeps.register("send_privacy_notice_reminders", "sharing.services.privacy_notice_send_reminders")
        sweeps.register("escalate_overdue_privacy_notices", "sharing.services.privacy_notice_escalate_overdue")
