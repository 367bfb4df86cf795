from django.apps import AppConfig


class SubjectRightsConfig(AppConfig):
    name = "subject_rights"
    verbose_name = "Data protection rights"

    def ready(self) -> None:
        from portal import extensions, sweeps
        from portal.models import Escalation
        from subject_rights import (
            admin,  # noqa: F401 - registers the admin pages
            policies,
            selectors,
        )
        from subject_rights.picture import SubjectRightsPlugin

        sweeps.register("send_subject_access_reminders", "subject_rights.services.subject_access_send_reminders")
        sweeps.register("escalate_overdue_subject_access", "subject_rights.services.subject_access_escalate_overdue")
        extensions.register_escalation_kind(
            Escalation.Kind.SUBJECT_ACCESS_OVERDUE,
            model="subject_rights.subjectaccessrequest",
            finished=selectors.escalations_finished_requests,
        )
        extensions.register_nav("Subject access", "subject_rights:list", order=80, visible=policies.may_answer)
        extensions.register_demo_seeder("subject_rights.demo.seed", order=95)
        extensions.register(SubjectRightsPlugin())
