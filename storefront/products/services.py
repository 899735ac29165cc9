"""Writes to the catalogue that are not page edits: stock."""

from django.db import transaction
from django.utils.translation import gettext as _

from storefront.core.pagecache import page_cache_clear
from storefront.products.models import ProductPage, ProductVariant, StockRecord


class StockError(ValueError):
    pass


@transaction.atomic
def stock_set(*, variant: ProductVariant, quantity: int) -> StockRecord:
    """Set a variant's stock to ``quantity`` under a row lock; raises StockError if negative."""
    if quantity < 0:
        raise StockError(_("Stock cannot be negative."))
    StockRecord.objects.get_or_create(variant=variant)
    record = StockRecord.objects.select_for_update().get(variant=variant)
    record.quantity = quantity
    record.full_clean()
    record.save()
    transaction.on_commit(page_cache_clear)
    return record


def stock_records_ensure(*, product: ProductPage) -> None:
    """Give every live variant of ``product`` a stock record (new variants start at 0)."""
    missing = ProductVariant.objects.filter(product=product, stock_record__isnull=True)
    StockRecord.objects.bulk_create(
        [StockRecord(variant=variant, quantity=0) for variant in missing],
        ignore_conflicts=True,
    )
