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

        # `migrate` back refuses to drop tables that hold rows (portal.migration_guard).
        from django.db.models.signals import pre_migrate

        from portal.migration_guard import refuse_dropping_rows

        pre_migrate.connect(refuse_dropping_rows, sender=self, dispatch_uid="portal.refuse_dropping_rows")

        from portal import extensions

        extensions.register_timeline_source("portal.picture.core_timeline_sources")
        extensions.register_involvement_source("portal.picture.core_involvement")
        extensions.register_dashboard_widget("portal.dashboard.core_widgets", order=100)
