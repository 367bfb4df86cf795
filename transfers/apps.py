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


def _may_request_transfer(user, record) -> bool:
    """On a MAST alert: a manager of a Child in Need team who may ask for transfers."""
    from portal.models import Team

    return (
        user.has_perm("transfers.add_transferrequest")
        and user.memberships.filter(
            is_manager=True, team__kind=Team.Kind.CHILD_IN_NEED, team__organisation__kind="local_authority"
        ).exists()
    )


class TransfersConfig(AppConfig):
    name = "transfers"
    verbose_name = "Transfers"

    def ready(self) -> None:
        from portal import extensions, sweeps

        sweeps.register("escalate_overdue_transfers", "transfers.services.transfer_escalate_overdue")
        sweeps.register("escalate_open_disputes", "transfers.services.sweeps.transfer_escalate_disputes")
        sweeps.register("remind_unreferred_transfers", "transfers.services.sweeps.transfer_remind_unreferred_drafts")
        from portal.models import Escalation
        from transfers import selectors

        for kind, finished in [
            (Escalation.Kind.TRANSFER_DECISION_OVERDUE, selectors.escalations_finished_decision),
            (Escalation.Kind.TRANSFER_DISPUTED, selectors.escalations_finished_dispute),
            (Escalation.Kind.TRANSFER_NOT_REFERRED, selectors.escalations_finished_referred),
        ]:
            extensions.register_escalation_kind(
                kind,
                model="transfers.cintransfer",
                finished=finished,
                reasons=selectors.escalation_reasons_decline if kind == Escalation.Kind.TRANSFER_DISPUTED else None,
            )
        extensions.register_record_action(
            "mast_alert",
            "Ask the other authority for a transfer",
            "transfers:request_create",
            visible=_may_request_transfer,
        )
        extensions.register_nav("Transfers", "transfers:home", order=40, visible=_sees_transfers)
        extensions.register_child_link("Start a transfer", "transfers:cin_start", order=40, visible=_may_start_transfer)
        extensions.register_demo_seeder("transfers.demo.seed", order=20)
        extensions.register_scale_seeder("transfers.scale.seed", order=20)
        # Last: a family known to every workflow, built with the other apps' services.
        extensions.register_demo_seeder("transfers.family_demo.seed", order=90)
        from transfers.picture import TransfersPlugin

        extensions.register(TransfersPlugin())
        # Retention (issue 17): which of this app's records are kept, from when, and how they are disposed of.
        from transfers import retention

        retention.register()
