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
        extensions.register_nav("Transfers", "transfers:home", order=40, visible=_sees_transfers)
        extensions.register_child_link("Start a transfer", "transfers:cin_start", order=40, visible=_may_start_transfer)
        extensions.register_demo_seeder("transfers.demo.seed", order=20)
        extensions.register_scale_seeder("transfers.scale.seed", order=20)
        # Last: a family known to every workflow, built with the other apps' services.
        extensions.register_demo_seeder("transfers.family_demo.seed", order=90)
        extensions.register_dashboard_widget("transfers.picture.dashboard_widgets", order=20)
        extensions.register_involvement_source("transfers.picture.involvement")
        extensions.register_open_work_source("transfers.picture.open_work")
        extensions.register_timeline_source("transfers.picture.timeline_sources")
        extensions.register_home_section("transfers.picture.home_sections", order=40)
