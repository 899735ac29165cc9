"""Background work of the related-products app, on the django-tasks API."""

from django.db import transaction
from django_tasks import task


@task()
def storefront_rebuild_related() -> dict[str, float]:
    """Recount and re-rank every suggestion (see ``related_rebuild``)."""
    from storefront.related.services import related_rebuild

    result = related_rebuild()
    return {"orders": result.orders, "shoppers": result.shoppers, "seconds": result.seconds}


@task()
def related_count_order(order_id: int) -> bool:
    """Add one placed order to the co-purchase counts; safe to run twice."""
    from storefront.orders.models import Order
    from storefront.related.services import related_count_order as count

    order = Order.objects.filter(pk=order_id).first()
    counted = count(order=order) if order is not None else False
    if counted:
        # Queued after this task's commit: under load, one refresh serves many orders.
        transaction.on_commit(lambda: related_refresh.enqueue())
    return counted


@task()
def related_refresh() -> int:
    """Re-rank the lists that hold products which gained orders (see ``related_refresh``)."""
    from storefront.related.services import related_refresh as refresh

    return refresh()
