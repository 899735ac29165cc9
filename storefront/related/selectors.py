"""Suggestions for a product or a cart: editor picks, then co-purchase, then co-preference,
then best sellers of the same categories and of the shop. A fixed number of queries however
many products or suggestions there are."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.core import signing
from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.urls import reverse

from storefront.core import conf
from storefront.products.models import ProductPage, ProductRelatedPick
from storefront.products.selectors import in_stock_expression, product_list
from storefront.related.models import Place, RelatedExclusion, RelatedScore, RelatedState, Source

CLICK_SALT = "storefront.related.click"
COMPUTED_ORDER = (Source.CO_PURCHASE, Source.CO_PREFERENCE)


@dataclass(frozen=True)
class Candidate:
    product_id: int
    source: str
    label: str


@dataclass(frozen=True)
class Suggestion:
    product: ProductPage  # loaded for a product card: stock, price, rating, gallery
    source: str
    label: str
    click_url: str


def _excluded_for(product_ids: Sequence[int], outer: str) -> Exists:
    return Exists(
        RelatedExclusion.objects.filter(product_id__in=product_ids, other_id=OuterRef(outer))
    )


def candidates_by_source(
    *, product_ids: Sequence[int], fallback: int, available_only: bool = True
) -> dict[str, list[Candidate]]:
    """Each source's candidates for ``product_ids``, best first, in four queries. Computed
    partners of several products add up their scores; editors' exclusions apply to every
    source but their own picks."""
    inputs = list(dict.fromkeys(product_ids))
    position = {product_id: index for index, product_id in enumerate(inputs)}
    found: dict[str, list[Candidate]] = defaultdict(list)

    picks = ProductRelatedPick.objects.filter(page_id__in=inputs).values_list(
        "page_id", "sort_order", "product_id", "label"
    )
    for _page, _order, product_id, label in sorted(
        picks, key=lambda row: (position[row[0]], row[1] or 0)
    ):
        found[Source.PICK].append(
            Candidate(product_id, Source.PICK, label or str(Source.PICK.label))
        )

    totals: dict[tuple[str, int], float] = defaultdict(float)
    scores = (
        RelatedScore.objects.filter(product_id__in=inputs)
        .annotate(excluded=_excluded_for(inputs, "other_id"))
        .filter(excluded=False)
        .values_list("source", "other_id", "score")
    )
    for source, other_id, score in scores:
        totals[source, other_id] += score
    for (source, other_id), _total in sorted(
        totals.items(), key=lambda item: (-item[1], item[0][1])
    ):
        found[source].append(Candidate(other_id, source, str(Source(source).label)))

    # Best sellers: two short walks down the sales_count index rather than one sort of
    # the whole catalogue.
    best: QuerySet = (
        ProductPage.objects.exclude(pk__in=inputs)
        .annotate(excluded=_excluded_for(inputs, "pk"))
        .filter(excluded=False)
        .order_by("-sales_count", "pk")
    )
    if available_only:
        best = best.live().annotate(is_in_stock=in_stock_expression()).filter(is_in_stock=True)
    through = ProductPage.categories.through.objects
    same_category = best.filter(
        Exists(
            through.filter(
                productpage_id=OuterRef("pk"),
                category_id__in=through.filter(productpage_id__in=inputs).values("category_id"),
            )
        )
    )
    for source, products in ((Source.CATEGORY, same_category), (Source.BEST_SELLER, best)):
        for product_id in products.values_list("pk", flat=True)[:fallback]:
            found[source].append(Candidate(product_id, source, str(Source(source).label)))
    return found


def blend(found: dict[str, list[Candidate]], *, product_ids: Sequence[int]) -> list[Candidate]:
    """One list from the sources in their order, each product once, never an input."""
    seen = set(product_ids)
    blended = []
    for source in Source:
        for candidate in found.get(source, []):
            if candidate.product_id not in seen:
                seen.add(candidate.product_id)
                blended.append(candidate)
    return blended


def click_url(*, candidate: Candidate, place: str, from_product_id: int | None) -> str:
    token = signing.dumps(
        [from_product_id or 0, candidate.product_id, candidate.source, place],
        salt=CLICK_SALT,
    )
    return reverse("storefront:related_click", args=[token])


def click_read(token: str) -> tuple[int | None, int, str, str]:
    """(from product id, product id, source, place) of a click link; raises
    ``signing.BadSignature`` for a link the shop did not make."""
    from_id, product_id, source, place = signing.loads(token, salt=CLICK_SALT)
    if source not in Source.values or place not in Place.values:
        raise signing.BadSignature("unknown source or place")
    return (from_id or None), int(product_id), source, place


def related_for(
    *, product_ids: Sequence[int], place: str, limit: int | None = None
) -> list[Suggestion]:
    """Up to ``limit`` live, in-stock suggestions for ``product_ids``, ready for product
    cards, in seven queries."""
    limit = limit or int(conf.get("STOREFRONT_RELATED_SHOWN"))
    inputs = list(dict.fromkeys(product_ids))
    if not inputs:
        return []
    blended = blend(
        candidates_by_source(product_ids=inputs, fallback=limit * 2), product_ids=inputs
    )
    if not blended:
        return []
    # The database keeps the first ``limit`` candidates that are live and in stock, in the
    # blend's order, so only those are loaded as cards.
    position = Case(
        *[When(pk=c.product_id, then=Value(index)) for index, c in enumerate(blended)],
        output_field=IntegerField(),
    )
    cards = list(
        product_list(in_stock=True)
        .filter(pk__in=[c.product_id for c in blended])
        .annotate(position=position)
        .order_by("position")[:limit]
    )
    from_product_id = inputs[0] if place == Place.PRODUCT else None
    suggestions = []
    for product in cards:
        candidate = blended[product.position]
        suggestions.append(
            Suggestion(
                product=product,
                source=candidate.source,
                label=candidate.label,
                click_url=click_url(
                    candidate=candidate, place=place, from_product_id=from_product_id
                ),
            )
        )
    return suggestions


def computed_for_admin(*, product: ProductPage) -> dict[str, list[RelatedScore]]:
    """A product's stored partners per computed source, with the editor's exclusions marked
    (``is_excluded``) and each partner's title and live state loaded."""
    rows = (
        RelatedScore.objects.filter(product=product)
        .annotate(is_excluded=_excluded_for([product.pk], "other_id"))
        .select_related("other")
        .order_by("source", "rank")
    )
    grouped: dict[str, list[RelatedScore]] = {source: [] for source in COMPUTED_ORDER}
    for row in rows:
        grouped[row.source].append(row)
    return grouped


def related_state() -> RelatedState | None:
    return RelatedState.objects.filter(pk=1).first()
