from django.apps import AppConfig


def _may_review(user) -> bool:
    from retention.policies import may_review

    return may_review(user)


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = "Retention"

    def ready(self) -> None:
        from portal import extensions, sweeps
        from retention import admin  # noqa: F401 - registers the admin pages

        sweeps.register("list_records_due_for_retention_review", "retention.services.retention_sweep")
        extensions.register_nav("Retention", "retention:review", order=80, visible=_may_review)
        extensions.register_demo_seeder("retention.demo.seed", order=200)
