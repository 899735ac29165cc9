"""Signals of the reviews app, sent after the transaction that made the change committed.

``review_approved`` is sent with ``sender=ProductReview`` and ``review=<ProductReview>`` each
time a review becomes public (loyalty awards its review bonus, once per review).
"""

from django.dispatch import Signal

review_approved = Signal()
