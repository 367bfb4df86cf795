from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal core"

    def ready(self) -> None:
        # Task failure and retry logging (Celery signals) is connected where the tasks are defined.
        from portal import checks, sweeps, tasks  # noqa: F401

        # The core's own sweep: deadlines and outgoing email live in the database, so a lost broker
        # or a stopped worker only delays an email, never loses it.
        sweeps.register(
            "resend_unsent_notification_emails",
            "portal.services.sweeps.notification_emails_resend_unsent",
        )
        # Time-limited access (emergency access, for one) closes by itself.
        sweeps.register("expire_child_access", "portal.services.sweeps.child_access_expire_due")

        from portal import extensions
        from portal.picture import CorePlugin

        extensions.register(CorePlugin())
