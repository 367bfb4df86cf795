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

        # Escalations whose subject is finished close (DESIGN §10): the finishing service closes them
        # at once; this sweep closes any left behind.
        sweeps.register("close_finished_escalations", "portal.services.escalations_close_finished")

        # `migrate` back refuses to drop tables that hold rows (portal.migration_guard).
        from django.db.models.signals import pre_migrate

        from portal.migration_guard import refuse_dropping_rows

        pre_migrate.connect(refuse_dropping_rows, sender=self, dispatch_uid="portal.refuse_dropping_rows")

        from portal import extensions, selectors
        from portal.models import Escalation

        # Emergency access is a review: finished when the Caldicott Guardian closes it.
        extensions.register_escalation_kind(
            Escalation.Kind.EMERGENCY_ACCESS,
            model="portal.accessevent",
            finished=None,
            reasons=selectors.emergency_access_reasons,
        )
        # The manager's decision whether to issue a "whereabouts unknown" alert: closed by their
        # decision, or when the child's whereabouts are known again.
        extensions.register_escalation_kind(
            Escalation.Kind.WHEREABOUTS_UNKNOWN,
            model="portal.child",
            finished=selectors.escalations_finished_whereabouts,
        )
        from portal.picture import CorePlugin

        extensions.register(CorePlugin())
        # Retention (issue 17): the access log is kept for a period, then disposed of on approval.
        from portal import access_retention

        access_retention.register()
