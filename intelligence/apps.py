from django.apps import AppConfig


def _may_submit(user) -> bool:
    from intelligence import selectors

    return selectors.may_submit(user)


def _in_ce_team(user) -> bool:
    from intelligence import selectors

    return selectors.is_ce_member(user)


class IntelligenceConfig(AppConfig):
    name = "intelligence"
    verbose_name = "Child exploitation intelligence"

    def ready(self) -> None:
        from intelligence import (
            admin,  # noqa: F401 - registers the admin pages
            selectors,
        )
        from intelligence.picture import IntelligencePlugin
        from portal import extensions, sweeps
        from portal.models import Escalation

        sweeps.register("escalate_unassessed_intelligence", "intelligence.services.intelligence_escalate_unassessed")
        extensions.register_escalation_kind(
            Escalation.Kind.INTELLIGENCE_NOT_ASSESSED,
            model="intelligence.intelligenceitem",
            finished=selectors.escalations_finished_item,
        )
        extensions.register_nav("Intelligence", "intelligence:mine", order=50, visible=_may_submit)
        extensions.register_nav("Intelligence queue", "intelligence:queue", order=51, visible=_in_ce_team)
        extensions.register_demo_seeder("intelligence.demo.seed", order=40)
        extensions.register_scale_seeder("intelligence.scale.seed", order=40)
        extensions.register(IntelligencePlugin())
        # Retention (issue 17): closed items are reviewed six years after their last activity.
        from intelligence import retention

        retention.register()
