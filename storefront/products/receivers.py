"""Receivers the products app connects in its AppConfig.ready()."""

from storefront.products.services import stock_records_ensure


def ensure_stock_records(sender, instance, **kwargs):
    """Every variant of a published product gets a stock record (0 for new variants)."""
    stock_records_ensure(product=instance)
