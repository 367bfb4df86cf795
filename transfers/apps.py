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


def _may_record_ei_move(user, child, permissions: set[str]) -> bool:
    # The lead professional of a child at Tier 2 or 3 (a Child in Need moves by a CIN transfer).
    return (
        "change_child" in permissions and child.tier in (2, 3) and user.has_perm("transfers.add_earlyinterventionmove")
    )


def _sees_ei_moves(user) -> bool:
    return user.has_perm("transfers.view_earlyinterventionmove")


class TransfersConfig(AppConfig):
    name = "transfers"
    verbose_name = "Transfers"

    def ready(self) -> None:
        from portal import extensions, sweeps
        from referrals.signals import referral_sent
        from transfers import ei_admin  # noqa: F401 - registers the Early Intervention admin pages
        from transfers.ei_receivers import on_referral_sent

        sweeps.register("escalate_overdue_transfers", "transfers.services.transfer_escalate_overdue")
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

        # Early Intervention plan moves.
        sweeps.register("escalate_overdue_ei_actions", "transfers.ei_services.ei_escalate_overdue")
        extensions.register_nav("EI moves", "transfers:ei_list", order=45, visible=_sees_ei_moves)
        extensions.register_child_link(
            "Record an Early Intervention move", "transfers:ei_start", order=41, visible=_may_record_ei_move
        )
        extensions.register_demo_seeder("transfers.ei_demo.seed", order=30)
        extensions.register_dashboard_widget("transfers.ei_picture.dashboard_widgets", order=25)
        extensions.register_involvement_source("transfers.ei_picture.involvement")
        extensions.register_open_work_source("transfers.ei_picture.open_work")
        extensions.register_timeline_source("transfers.ei_picture.timeline_sources")
        extensions.register_home_section("transfers.ei_picture.home_sections", order=41)
        referral_sent.connect(on_referral_sent, dispatch_uid="transfers.ei_referral_sent")
