"""Reads of return requests that the shopper's pages and the API share, with their joins
decided once, so a page costs the same number of queries for one line as for many."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from storefront.orders.models import Order, OrderLine
from storefront.products.models import ProductVariant
from storefront.returns.models import ReturnEvent, ReturnLine, ReturnReason, ReturnRequest
from storefront.returns.services import returned_quantities


@dataclass(frozen=True)
class ReturnableLine:
    """An order line as the return form offers it."""

    line: OrderLine
    left: int  # how many may still be returned (bought less those in open requests)
    exchange_variants: list[ProductVariant] = field(default_factory=list)

    @property
    def customized(self) -> bool:
        return self.line.customized


def returnable_lines(order: Order) -> list[ReturnableLine]:
    """Each line of ``order`` with how many are left to return and the other variants of its
    product (live products only) to exchange for; two queries besides the order's lines."""
    already = returned_quantities(order)
    lines = list(order.lines.all())
    product_ids = {line.product_id for line in lines if line.product_id is not None}
    by_product: dict[int, list[ProductVariant]] = {}
    variants = (
        ProductVariant.objects.filter(product_id__in=product_ids, product__live=True)
        .select_related("product", "stock_record")
        .order_by("product_id", "sort_order", "pk")
    )
    for variant in variants:
        by_product.setdefault(variant.product_id, []).append(variant)
    return [
        ReturnableLine(
            line=line,
            left=max(line.quantity - already.get(line.pk, 0), 0),
            exchange_variants=[
                variant
                for variant in by_product.get(line.product_id, [])
                if variant.pk != line.variant_id
            ],
        )
        for line in lines
    ]


def return_reasons() -> list[ReturnReason]:
    """The reasons offered to shoppers, in the editors' order."""
    return list(ReturnReason.objects.filter(active=True))


def return_request_detail(*, rma: str) -> ReturnRequest:
    """A return request with its order, lines, reasons, photos and history in five queries;
    raises ReturnRequest.DoesNotExist."""
    return (
        ReturnRequest.objects.select_related("order", "exchange_order")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=ReturnLine.objects.select_related(
                    "order_line", "reason", "exchange_variant"
                ),
            ),
            "photos",
            Prefetch("events", queryset=ReturnEvent.objects.order_by("created_at", "pk")),
        )
        .get(rma=rma)
    )


def returns_of_user(user) -> QuerySet[ReturnRequest]:
    """A customer's return requests, newest first, with their order and lines."""
    return (
        ReturnRequest.objects.filter(order__user=user)
        .select_related("order")
        .prefetch_related(
            Prefetch("lines", queryset=ReturnLine.objects.select_related("order_line", "reason"))
        )
        .order_by("-created_at")
    )
