"""The returns app's part of a customer's data export and account deletion
(``storefront.core.privacy``): their return requests, kept for the books without anything
personal."""

from typing import Any

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from storefront.core.privacy import PrivacySection, erased_email
from storefront.returns.models import ReturnEvent, ReturnLine, ReturnRequest, ReturnStatus

# Returns whose money or goods are still on their way.
OPEN_STATUSES = (ReturnStatus.REQUESTED, ReturnStatus.APPROVED, ReturnStatus.RECEIVED)


def _of(user):
    return ReturnRequest.objects.filter(Q(user=user) | Q(order__user=user))


def returns_export(user) -> list[dict[str, Any]]:
    requests = (
        _of(user)
        .select_related("order")
        .prefetch_related(
            Prefetch("lines", queryset=ReturnLine.objects.select_related("order_line", "reason")),
            "events",
            "photos",
        )
        .order_by("created_at", "pk")
    )
    return [
        {
            "rma": request.rma,
            "order": request.order.number,
            "status": request.status,
            "requested_at": request.created_at,
            "email": request.email,
            "preferred_outcome": request.outcome,
            "note": request.note,
            "estimated_refund": request.estimated_refund,
            "refund_amount": request.refund_amount,
            "store_credit_points": request.store_credit_points,
            "lines": [
                {
                    "product": line.order_line.title,
                    "sku": line.order_line.sku,
                    "quantity": line.quantity,
                    "reason": line.reason.label,
                    "refund": line.refund,
                    "condition": line.condition,
                }
                for line in request.lines.all()
            ],
            "photos": [photo.image.url for photo in request.photos.all()],
            "history": [
                {
                    "from": event.from_status,
                    "to": event.to_status,
                    "at": event.created_at,
                    "note": event.note,
                }
                for event in request.events.all()
            ],
        }
        for request in requests
    ]


def returns_refusal(user) -> str:
    request = _of(user).filter(status__in=OPEN_STATUSES).order_by("created_at").first()
    if request is None:
        return ""
    return _(
        "Your return %(rma)s is still open. You can delete your account once it is refunded "
        "or closed."
    ) % {"rma": request.rma}


def returns_erase(user, *, reviews: str) -> None:
    requests = _of(user)
    request_ids = list(requests.values_list("pk", flat=True))
    # The customer's own words: the request's note, repeated on the event that opened it.
    ReturnEvent.objects.filter(request_id__in=request_ids, from_status="").update(note="")
    ReturnEvent.objects.filter(actor=user).update(actor=None)
    ReturnRequest.objects.filter(pk__in=request_ids).update(
        user=None, email=erased_email(), note=""
    )


SECTIONS = (
    PrivacySection("returns", export=returns_export, erase=returns_erase, refusal=returns_refusal),
)
