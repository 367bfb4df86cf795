from django.apps import AppConfig


def _may_start_transfer(user, child, permissions: set[str]) -> bool:
    team = child.allocated_team
    return (
        "change_child" in permissions
        and child.tier >= 4
        and team is not None
        and team.organisation.is_local_authority
        and user.has_perm("transfers.add_cintransfer")
    )


def _sees_transfers(user) -> bool:
    return user.has_perm("transfers.view_cintransfer")


class TransfersConfig(AppConfig):
    name = "transfers"
    verbose_name = "Transfers"

    def ready(self) -> None:
        from portal import extensions, sweeps

        sweeps.register("escalate_overdue_transfers", "transfers.services.transfer_escalate_overdue")
        sweeps.register("escalate_open_disputes", "transfers.services.sweeps.transfer_escalate_disputes")
        sweeps.register("remind_unreferred_transfers", "transfers.services.sweeps.transfer_remind_unreferred_drafts")
        from portal.models import Escalation

        for kind, finished in [
            (Escalation.Kind.TRANSFER_DECISION_OVERDUE, "transfers.selectors.escalations_finished_decision"),
            (Escalation.Kind.TRANSFER_DISPUTED, "transfers.selectors.escalations_finished_dispute"),
            (Escalation.Kind.TRANSFER_NOT_REFERRED, "transfers.selectors.escalations_finished_referred"),
        ]:
            extensions.register_escalation_kind(kind, model="transfers.cintransfer", finished=finished)
        extensions.register_nav("Transfers", "transfers:home", order=40, visible=_sees_transfers)
        extensions.register_child_link("Start a transfer", "transfers:cin_start", order=40, visible=_may_start_transfer)
        extensions.register_demo_seeder("transfers.demo.seed", order=20)
        # Last: a family known to every workflow, built with the other apps' services.
        extensions.register_demo_seeder("transfers.family_demo.seed", order=90)
        extensions.register_dashboard_widget("transfers.picture.dashboard_widgets", order=20)
        extensions.register_involvement_source("transfers.picture.involvement")
        extensions.register_open_work_source("transfers.picture.open_work")
        extensions.register_timeline_source("transfers.picture.timeline_sources")
        extensions.register_home_section("transfers.picture.home_sections", order=40)
