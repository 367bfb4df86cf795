from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from portal.demo import DEMO_PASSWORD, demo_users, seed_demo


class Command(BaseCommand):
    help = "Load fictional demo data (idempotent) and print the demo sign-ins."

    def handle(self, *args, **options):
        if not settings.PORTAL_ALLOW_DEMO_DATA:
            raise CommandError(
                "seed_demo refuses to run under production settings: it makes people (and a superuser) "
                "whose password is published. PORTAL_ALLOW_DEMO_DATA is off here."
            )
        # The demo people are invented: notifications made while seeding go to no mailbox.
        with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
            summary = seed_demo()
        self.stdout.write(
            f"Demo data ready: {summary['organisations']} organisations, {summary['teams']} teams, "
            f"{summary['users']} users, {summary['children_created']} new children."
        )
        for line in summary["workflows"]:
            self.stdout.write(f"  {line}")
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD})")
        for user in demo_users():
            self.stdout.write(f"  {user.username:<24} {user.job_title} ({user.role.label})")
        self.stdout.write(f"  {'admin':<24} Django admin (superuser)")
