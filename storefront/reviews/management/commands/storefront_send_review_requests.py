from django.core.management.base import BaseCommand

from storefront.reviews.services import review_requests_send


class Command(BaseCommand):
    help = "E-mail the review requests that are due; each order gets at most one."

    def handle(self, *args, **options):
        sent = review_requests_send()
        if options["verbosity"]:
            self.stdout.write(f"Sent {sent} review request(s).")
