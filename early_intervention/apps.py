from django.apps import AppConfig


def _may_record_move(user, child, permissions: set[str]) -> bool:
    # The lead professional of a child at Tier 2 or 3 (a Child in Need moves by a CIN transfer).
    return (
        "change_child" in permissions
        and child.tier in (2, 3)
        and user.has_perm("early_intervention.add_earlyinterventionmove")
    )


def _sees_moves(user) -> bool:
    return user.has_perm("early_intervention.view_earlyinterventionmove")


class EarlyInterventionConfig(AppConfig):
    name = "early_intervention"
    verbose_name = "Early Intervention moves"

    def ready(self) -> None:
        from early_intervention import admin  # noqa: F401 - registers the admin pages
        from early_intervention.receivers import on_referral_sent
        from portal import extensions, sweeps
        from referrals.signals import referral_sent

        sweeps.register("escalate_overdue_ei_actions", "early_intervention.services.move_escalate_overdue")
        from early_intervention import selectors
        from portal.models import Escalation

        for model, finished in [
            ("early_intervention.earlyinterventionmove", selectors.escalations_finished_move),
            ("early_intervention.agreedplanitem", selectors.escalations_finished_plan_item),
        ]:
            extensions.register_escalation_kind(
                Escalation.Kind.EARLY_INTERVENTION_ACTION_OVERDUE, model=model, finished=finished
            )
        extensions.register_nav("EI moves", "early_intervention:list", order=45, visible=_sees_moves)
        extensions.register_child_link(
            "Record an Early Intervention move", "early_intervention:start", order=41, visible=_may_record_move
        )
        extensions.register_demo_seeder("early_intervention.demo.seed", order=30)
        extensions.register_scale_seeder("early_intervention.scale.seed", order=30)
        # After transfers' family (order 90): Ivy Example-Family's move.
        extensions.register_demo_seeder("early_intervention.family_demo.seed", order=92)
        from early_intervention.picture import EarlyInterventionPlugin

        extensions.register(EarlyInterventionPlugin())
        referral_sent.connect(on_referral_sent, dispatch_uid="early_intervention.referral_sent")
        from early_intervention.receivers import on_consent_withdrawn
        from sharing.signals import consent_withdrawn

        consent_withdrawn.connect(on_consent_withdrawn, dispatch_uid="early_intervention.consent_withdrawn")
        # Retention (issue 17): which of this app's records are kept, from when, and how they are disposed of.
        from early_intervention import retention

        retention.register()
