"""The data migration of issue 13's proportionate sharing: a recipient who was given the child's
record by a sharing decision before the change keeps only the disclosure; access another basis gives
is untouched."""

import importlib

from django.apps import apps

from portal import services as core
from portal.models import ChildAccessGrant
from tests.factories import make_child
from tests.sharing.factories import can_see, record_decision, sees_shared

migration = importlib.import_module("sharing.migrations.0008_share_recipients_see_disclosures")


def _old_style_share(setup, child):
    """A share as it was recorded before: "view the record", sourced from the decision."""
    decision = record_decision(setup, child)
    core.child_access_grant(
        child=child,
        basis=ChildAccessGrant.Basis.SHARING_DECISION,
        level=ChildAccessGrant.Level.VIEW,
        user=setup.health_visitor,
        source=decision,
    )
    return decision


def test_a_recipient_given_the_record_by_a_share_keeps_only_the_disclosure(setup, child):
    _old_style_share(setup, child)
    also_referred = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Bo")
    _old_style_share(setup, also_referred)
    core.child_access_grant(
        child=also_referred, basis="referral", level=ChildAccessGrant.Level.VIEW, user=setup.health_visitor
    )
    assert can_see(setup.health_visitor, child)

    migration.recipients_see_disclosures(apps, None)

    assert sees_shared(setup.health_visitor, child) and not can_see(setup.health_visitor, child)
    assert can_see(setup.health_visitor, also_referred)  # the referral still gives the record
    assert not ChildAccessGrant.objects.filter(
        source_type__model="sharingdecision", level=ChildAccessGrant.Level.VIEW
    ).exists()
