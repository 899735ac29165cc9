from datetime import date

from django.core.management.base import BaseCommand

from storefront.customizer.services import preference_rollup_rebuild


class Command(BaseCommand):
    help = "Rebuild the daily preference counts exactly from the raw preference events."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", type=date.fromisoformat, help="Only recount from this day (YYYY-MM-DD)."
        )

    def handle(self, *args, since=None, **options):
        rows = preference_rollup_rebuild(since=since)
        if options["verbosity"]:
            self.stdout.write(f"Rebuilt {rows} daily preference counts.")
