"""Receivers the related app connects in its AppConfig.ready()."""

from storefront.related import tasks
from storefront.related.services import suggestion_clicks_attribute


def count_placed_order(sender, order, **kwargs):
    # Sent after the order's commit: the task sees its lines. With a worker it runs within
    # seconds; with the immediate backend (demo, tests) at once.
    tasks.related_count_order.enqueue(order_id=order.pk)
    suggestion_clicks_attribute(order=order)
