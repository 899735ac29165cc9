"""Signals of the returns app, sent after commit with ``sender=ReturnRequest`` and
``request=<ReturnRequest>`` (reports and loyalty listen)."""

from django.dispatch import Signal

return_approved = Signal()
return_received = Signal()
return_refunded = Signal()
