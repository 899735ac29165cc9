"""Signals for the apps above orders (loyalty, reviews, returns, related products).

Each is sent after the transaction that made the change has committed, with
``sender=Order`` and ``order=<Order>``; ``order_status_changed`` also carries
``from_status`` and ``to_status``.
"""

from django.dispatch import Signal

order_placed = Signal()
order_paid = Signal()
order_shipped = Signal()
order_delivered = Signal()
order_completed = Signal()
order_cancelled = Signal()
order_status_changed = Signal()
