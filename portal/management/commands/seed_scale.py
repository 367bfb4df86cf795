from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from portal.scale import DEFAULT_CHILDREN, MOST_CHILDREN, seed_scale


class Command(BaseCommand):
    help = (
        "Load scale data in bulk on top of the demo data (idempotent: only what is missing): the size of a "
        f"large council by default ({DEFAULT_CHILDREN:,} children), fewer with --children."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--children", type=int, default=DEFAULT_CHILDREN, help="How many children (every part scales with it)."
        )

    def handle(self, *args, **options):
        if not settings.PORTAL_ALLOW_DEMO_DATA:
            raise CommandError("seed_scale refuses to run under production settings: it loads the demo people first.")
        if not 1 <= options["children"] <= MOST_CHILDREN:
            raise CommandError(f"--children must be between 1 and {MOST_CHILDREN:,} (the synthetic NHS numbers)")
        with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
            made = seed_scale(children=options["children"], out=self.stderr)
        self.stdout.write("Scale data ready; made now: " + ", ".join(f"{k} {v:,}" for k, v in made.items()))
