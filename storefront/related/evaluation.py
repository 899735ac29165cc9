"""Offline evaluation of the suggestions: learn from all but the most recent orders, then
ask, for each product of each held-out order, whether the suggestions for it name another
product of that order (hit rate at 4 and 12), per source and for the blend shoppers see.

The training runs the real rebuild inside a transaction that is rolled back, so the live
tables are untouched; it holds the rebuild's lock meanwhile (orders placed during an
evaluation are counted when it ends)."""

import random
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from storefront.orders.models import Order, OrderLine
from storefront.products.models import ProductPage
from storefront.related.models import Source
from storefront.related.selectors import blend, candidates_by_source
from storefront.related.services import related_rebuild

CUTS = (4, 12)
BLEND = "blend"


@dataclass
class SourceScore:
    queries: int = 0
    answered: int = 0  # queries for which the source suggested anything
    hits: dict[int, int] = field(default_factory=lambda: dict.fromkeys(CUTS, 0))

    def rate(self, cut: int) -> float:
        return self.hits[cut] / self.queries if self.queries else 0.0


@dataclass
class Evaluation:
    training_orders: int
    held_out_orders: int
    queries: int
    scores: dict[str, SourceScore]


def related_evaluate(
    *, holdout: float = 0.1, sample: int | None = None, seed: int = 0
) -> Evaluation:
    """Hit rates of each source and of the blend on the last ``holdout`` share of orders;
    ``sample`` caps the number of (order, product) queries asked."""
    orders = Order.objects.order_by("placed_at", "pk")
    total = orders.count()
    held = int(total * holdout)
    if total < 2 or held < 1:
        return Evaluation(0, 0, 0, {})
    cutoff = orders.values_list("placed_at", flat=True)[total - held]
    with transaction.atomic():
        related_rebuild(before=cutoff)
        _sales_counts_before(cutoff)
        queries = _queries(cutoff)
        if sample is not None and len(queries) > sample:
            queries = random.Random(seed).sample(queries, sample)
        scores = {source: SourceScore() for source in [*Source.values, BLEND]}
        largest = max(CUTS)
        for product_id, truth in queries:
            found = candidates_by_source(
                product_ids=[product_id], fallback=largest, available_only=False
            )
            ranked = {
                source: [c.product_id for c in found.get(source, [])] for source in Source.values
            }
            ranked[BLEND] = [c.product_id for c in blend(found, product_ids=[product_id])]
            for source, predicted in ranked.items():
                score = scores[source]
                score.queries += 1
                score.answered += bool(predicted)
                for cut in CUTS:
                    score.hits[cut] += bool(truth.intersection(predicted[:cut]))
        transaction.set_rollback(True)
    return Evaluation(
        training_orders=total - held,
        held_out_orders=held,
        queries=len(queries),
        scores=scores,
    )


def _sales_counts_before(cutoff) -> None:
    """Best sellers as they stood at the cut-off (inside the rolled-back transaction)."""
    sold = (
        OrderLine.objects.filter(product=OuterRef("pk"), order__placed_at__lt=cutoff)
        .order_by()
        .values("product")
        .annotate(units=Sum("quantity"))
        .values("units")
    )
    ProductPage.objects.update(sales_count=Coalesce(Subquery(sold, output_field=IntegerField()), 0))


def _queries(cutoff) -> list[tuple[int, set[int]]]:
    """(product, the other products of its order) for held-out orders of two products or
    more, streamed from the database ordered by order."""
    baskets: dict[int, set[int]] = {}
    lines = (
        OrderLine.objects.filter(order__placed_at__gte=cutoff, product__isnull=False)
        .order_by("order_id")
        .values_list("order_id", "product_id")
    )
    for order_id, product_id in lines.iterator(chunk_size=5000):
        baskets.setdefault(order_id, set()).add(product_id)
    return [
        (product_id, products - {product_id})
        for _order, products in sorted(baskets.items())
        if len(products) > 1
        for product_id in sorted(products)
    ]
