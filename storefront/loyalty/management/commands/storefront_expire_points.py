from django.core.management.base import BaseCommand

from storefront.loyalty.services import points_daily_run


class Command(BaseCommand):
    help = (
        "The daily points run: make due pending points spendable, give birthday bonuses and "
        "expire points past their expiry. Safe to run twice."
    )

    def handle(self, *args, **options):
        done = points_daily_run()
        if options["verbosity"]:
            self.stdout.write(
                f"{done['matured']} pending entries became spendable, {done['tiers']} tier "
                f"changes, {done['birthdays']} "
                f"birthday bonuses, {done['expired']} points expired."
            )
