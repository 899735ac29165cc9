"""Writes of the related-products app: the rebuild, the update after an order, editors'
exclusions and shoppers' clicks."""

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from storefront.core import conf
from storefront.customizer.models import PreferenceDailyCount
from storefront.orders.models import Order
from storefront.orders.services import REPLACEMENT_PAYMENT
from storefront.products.models import ProductPage
from storefront.related import counting
from storefront.related.models import (
    CountedOrder,
    RelatedExclusion,
    RelatedScore,
    RelatedState,
    Source,
    StaleProduct,
    SuggestionClick,
)

# A rebuild reports its steps as (name, step number, steps in all).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RebuildResult:
    orders: int
    shoppers: int
    scores: int
    seconds: float


def _state_locked() -> RelatedState:
    """Every change to the counts takes this lock first, so a rebuild and the updates after
    orders never interleave."""
    state, _created = RelatedState.objects.get_or_create(pk=1)
    return RelatedState.objects.select_for_update().get(pk=state.pk)


def related_rebuild(
    *, before: datetime | None = None, progress: Progress | None = None
) -> RebuildResult:
    """Recount co-purchase (over orders) and co-preference (over shoppers) and rank every
    product's partners, in one transaction. ``before`` counts only what happened earlier
    (used by the offline evaluation)."""
    started = time.perf_counter()
    steps = [
        "clear",
        "orders",
        "co-purchase counts",
        "co-purchase ranking",
        "co-preference counts",
        "co-preference ranking",
        "shared swatches",
    ]

    def step(number: int) -> None:
        if progress is not None:
            progress(steps[number], number + 1, len(steps))

    with transaction.atomic():
        state = _state_locked()
        step(0)
        counting.clear()
        step(1)
        orders = counting.mark_orders_counted(before=before)
        step(2)
        counting.count_baskets(Source.CO_PURCHASE)
        step(3)
        counting.rank(Source.CO_PURCHASE)
        step(4)
        shoppers = counting.count_baskets(Source.CO_PREFERENCE, before=before)
        step(5)
        counting.rank(Source.CO_PREFERENCE)
        step(6)
        _add_shared_swatch_partners(before=before)
        seconds = time.perf_counter() - started
        state.rebuilt_at = timezone.now()
        state.rebuild_seconds = seconds
        state.orders_counted = orders
        state.shoppers_counted = shoppers
        state.save()
        scores = RelatedScore.objects.count()
    return RebuildResult(orders=orders, shoppers=shoppers, scores=scores, seconds=seconds)


def related_count_order(*, order: Order) -> bool:
    """Add a placed order to the co-purchase counts and re-rank its own products, so the
    order counts at once; its products are marked stale for ``related_refresh``, which
    re-ranks the other products whose lists hold them. Counts an order once, and never the
    replacement order of an exchange; returns whether it counted the order now."""
    if order.payment_method == REPLACEMENT_PAYMENT:
        return False
    with transaction.atomic():
        _state_locked()
        try:
            with transaction.atomic():
                CountedOrder.objects.create(order=order)
        except IntegrityError:
            return False  # counted already, by the rebuild or an earlier call
        product_ids = set(order.lines.exclude(product=None).values_list("product_id", flat=True))
        if not product_ids:
            return True
        counting.add_basket(Source.CO_PURCHASE, product_ids)
        counting.rank(Source.CO_PURCHASE, product_ids)
        counting.mark_stale(product_ids)
    return True


def related_refresh() -> int:
    """Re-rank the products whose stored lists hold a stale product, then forget the stale
    marks; returns how many lists were re-ranked. A product outside an order keeps all its
    pair counts, and its score against a product that gained orders can only fall, so its
    list changes only if that product is in it. After this, the lists equal a rebuild's."""
    with transaction.atomic():
        _state_locked()
        stale = set(StaleProduct.objects.values_list("product_id", flat=True))
        if not stale:
            return 0
        affected = counting.products_ranking(Source.CO_PURCHASE, stale)
        counting.rank(Source.CO_PURCHASE, affected)
        StaleProduct.objects.filter(product_id__in=stale).delete()
    return len(affected)


def _add_shared_swatch_partners(*, before: datetime | None) -> None:
    """Fill each customizable product's co-preference list, after the partners shared
    shoppers give it, with products whose shoppers chose the same swatches (by cosine over
    swatch choices; a product nobody customized yet counts the swatches it offers). This is
    how a new customizable product gets suggestions before anyone orders it."""
    choices = PreferenceDailyCount.objects.filter(
        kind__in=counting.CUSTOMIZING_KINDS, swatch__isnull=False
    )
    if before is not None:
        choices = choices.filter(day__lt=before.date())
    chosen: dict[int, dict[int, float]] = defaultdict(dict)
    for product_id, swatch_id, total in (
        choices.values("product_id", "swatch_id")
        .annotate(total=Sum("count"))
        .values_list("product_id", "swatch_id", "total")
    ):
        chosen[product_id][swatch_id] = float(total)
    offered: dict[int, set[int]] = defaultdict(set)
    for product_id, swatch_id in ProductPage.objects.filter(
        customization_template__zones__palette__swatches__isnull=False
    ).values_list("pk", "customization_template__zones__palette__swatches"):
        offered[product_id].add(swatch_id)
    vectors = {
        product_id: chosen.get(product_id) or dict.fromkeys(offered[product_id], 1.0)
        for product_id in set(chosen) | set(offered)
    }
    if len(vectors) < 2:
        return
    norms = {pk: math.sqrt(sum(v * v for v in vector.values())) for pk, vector in vectors.items()}
    top_k = int(conf.get("STOREFRONT_RELATED_TOP_K"))
    existing: dict[int, set[int]] = defaultdict(set)
    for product_id, other_id in RelatedScore.objects.filter(
        source=Source.CO_PREFERENCE
    ).values_list("product_id", "other_id"):
        existing[product_id].add(other_id)
    new_rows = []
    for product_id, vector in vectors.items():
        taken = existing[product_id]
        if len(taken) >= top_k or not norms[product_id]:
            continue
        similar = []
        for other_id, other in vectors.items():
            if other_id == product_id or other_id in taken or not norms[other_id]:
                continue
            dot = sum(weight * other.get(swatch_id, 0.0) for swatch_id, weight in vector.items())
            if dot > 0:
                similar.append((-dot / (norms[product_id] * norms[other_id]), other_id))
        similar.sort()
        for position, (negative, other_id) in enumerate(
            similar[: top_k - len(taken)], start=len(taken) + 1
        ):
            new_rows.append(
                RelatedScore(
                    source=Source.CO_PREFERENCE,
                    product_id=product_id,
                    other_id=other_id,
                    rank=position,
                    score=-negative,
                    support=0,
                )
            )
    RelatedScore.objects.bulk_create(new_rows, batch_size=1000)


def related_exclude(*, product: ProductPage, other: ProductPage, user) -> RelatedExclusion:
    """Stop ``other`` from being suggested on ``product`` by any computed source."""
    exclusion, _created = RelatedExclusion.objects.get_or_create(
        product=product, other=other, defaults={"created_by": user}
    )
    return exclusion


def related_include(*, product: ProductPage, other: ProductPage) -> bool:
    """Undo an exclusion; returns whether there was one."""
    deleted, _rows = RelatedExclusion.objects.filter(product=product, other=other).delete()
    return bool(deleted)


def suggestion_click_record(
    *,
    source: str,
    place: str,
    product: ProductPage,
    from_product_id: int | None,
    user=None,
    session_key: str = "",
) -> SuggestionClick:
    """Count a followed suggestion (what a report compares sources by). The page the link
    was on may have been deleted since; the click then counts without it."""
    if from_product_id is not None and not ProductPage.objects.filter(pk=from_product_id).exists():
        from_product_id = None
    return SuggestionClick.objects.create(
        source=source,
        place=place,
        product=product,
        from_product_id=from_product_id,
        user=user if user is not None and user.is_authenticated else None,
        session_key="" if user is not None and user.is_authenticated else session_key,
        created_at=timezone.now(),
    )


def suggestion_clicks_attribute(*, order: Order) -> int:
    """Tie the customer's recent clicks on suggestions of the products in ``order`` to it
    (a purchase: not the replacement order of an exchange)."""
    if order.user_id is None or order.payment_method == REPLACEMENT_PAYMENT:
        return 0
    since = order.placed_at - timedelta(days=int(conf.get("STOREFRONT_RELATED_ATTRIBUTION_DAYS")))
    return SuggestionClick.objects.filter(
        user_id=order.user_id,
        order__isnull=True,
        created_at__gte=since,
        created_at__lte=order.placed_at,
        product_id__in=order.lines.exclude(product=None).values("product_id"),
    ).update(order=order)
