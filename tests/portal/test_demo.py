from django.core.management import call_command

from portal.models import Child, Escalation, Notification, Role, User
from sharing.models import SharingDecision


def test_seed_demo_makes_every_role_and_is_idempotent(db, capsys):
    call_command("seed_demo")
    first_output = capsys.readouterr().out
    counts = (Child.objects.count(), User.objects.count(), SharingDecision.objects.count(), Escalation.objects.count())

    call_command("seed_demo")
    assert (
        Child.objects.count(),
        User.objects.count(),
        SharingDecision.objects.count(),
        Escalation.objects.count(),
    ) == counts

    assert "password for all: safeguarding-demo-2026" in first_output
    for role in Role:
        assert User.objects.filter(groups__name=role.value).count() >= 2, role
    assert Child.objects.count() >= 20
    # Demo workflows show their states: an advice request waits for the Caldicott Guardian.
    assert SharingDecision.objects.filter(status="awaiting_advice").exists()
    assert Notification.objects.filter(recipient__username="north.caldicott").exists()


def test_seed_demo_refuses_where_demo_data_is_not_allowed(db, settings):
    import pytest
    from django.core.management.base import CommandError

    settings.PORTAL_ALLOW_DEMO_DATA = False
    users_before = User.objects.count()
    with pytest.raises(CommandError, match="refuses to run under production settings"):
        call_command("seed_demo")
    assert User.objects.count() == users_before
    assert not User.objects.filter(username="admin").exists()
