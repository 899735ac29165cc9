from django.core.management.base import BaseCommand

from storefront.reviews.services import review_summary_rebuild


class Command(BaseCommand):
    help = "Recompute every product's review count, average and histogram from its reviews."

    def handle(self, *args, **options):
        written = review_summary_rebuild()
        if options["verbosity"]:
            self.stdout.write(f"Rebuilt the review summaries of {written} product(s).")
