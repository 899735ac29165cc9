import sys

from django.core.management.base import BaseCommand

from storefront.related.services import related_rebuild


class Command(BaseCommand):
    help = (
        "Recount which products are bought and customized together and re-rank every "
        "product's related products. Orders placed meanwhile are counted once."
    )

    def handle(self, *args, **options):
        show_bar = options["verbosity"] and sys.stdout.isatty()
        width = 30

        def progress(name: str, number: int, total: int) -> None:
            if not show_bar:
                return
            filled = width * number // total
            bar = "#" * filled + "-" * (width - filled)
            self.stdout.write(f"\r[{bar}] {number}/{total} {name:<24}", ending="")
            self.stdout.flush()

        result = related_rebuild(progress=progress)
        if show_bar:
            self.stdout.write("")
        if options["verbosity"]:
            self.stdout.write(
                f"Counted {result.orders} orders and {result.shoppers} shoppers; "
                f"{result.scores} suggestions stored in {result.seconds:.1f} s."
            )
