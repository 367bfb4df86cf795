from django.core.management.base import BaseCommand

from portal import sweeps


class Command(BaseCommand):
    help = "Run every registered sweep once, in this process, and print what each did."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="Only these sweeps (default: all).")

    def handle(self, *args, names: list[str], **options):
        unknown = set(names) - set(sweeps.registered_names())
        if unknown:
            self.stderr.write(f"Unknown sweep(s): {', '.join(sorted(unknown))}")
            self.stderr.write(f"Registered: {', '.join(sweeps.registered_names())}")
            raise SystemExit(2)
        for name in names or sweeps.registered_names():
            result = sweeps.run(name)
            self.stdout.write(result.summary)
