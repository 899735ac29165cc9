"""Catalogue reads shared by the pages, the JSON API and the cart."""

from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from wagtail.images import get_image_model
from wagtail.models import Page

from storefront.products.models import (
    Category,
    ProductImage,
    ProductPage,
    ProductVariant,
    StockRecord,
)

CARD_IMAGE = "fill-480x480"
DETAIL_IMAGE = "max-960x960"
THUMB_IMAGE = "fill-120x120"

SORTS: dict[str, list[str]] = {
    "popular": ["-sales_count", "-first_published_at", "pk"],
    "newest": ["-first_published_at", "pk"],
    "price_asc": ["price", "title", "pk"],
    "price_desc": ["-price", "title", "pk"],
    "name": ["title", "pk"],
    "rating": [F("rating_average").desc(nulls_last=True), "-rating_count", "pk"],
}
DEFAULT_SORT = "popular"


def _gallery_prefetch(*filter_specs: str) -> list[Prefetch]:
    rendition_model = get_image_model().get_rendition_model()
    images = ProductImage.objects.select_related("image").order_by("sort_order", "pk")
    return [
        Prefetch("gallery_images", queryset=images),
        Prefetch(
            "gallery_images__image__renditions",
            queryset=rendition_model.objects.filter(filter_spec__in=filter_specs),
        ),
    ]


def in_stock_expression() -> Exists:
    return Exists(StockRecord.objects.filter(variant__product=OuterRef("pk"), quantity__gt=0))


def product_list(
    *,
    parent: Page | None = None,
    category: Category | None = None,
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
    in_stock: bool = False,
    min_rating: int | None = None,
    sort: str = "",
    search: str = "",
) -> QuerySet[ProductPage]:
    """Live products for a listing, filtered and sorted, with what a card shows prefetched."""
    products = ProductPage.objects.live().annotate(is_in_stock=in_stock_expression())
    if parent is not None:
        products = products.child_of(parent)
    if category is not None:
        products = products.filter(categories=category)
    if min_price is not None:
        products = products.filter(price__gte=min_price)
    if max_price is not None:
        products = products.filter(price__lte=max_price)
    if in_stock:
        products = products.filter(is_in_stock=True)
    if min_rating is not None:
        products = products.filter(rating_average__gte=min_rating)
    if search:
        products = products.filter(title__icontains=search)
    return products.order_by(
        *SORTS.get(sort or DEFAULT_SORT, SORTS[DEFAULT_SORT])
    ).prefetch_related(*_gallery_prefetch(CARD_IMAGE))


def variants_for_sale(product: ProductPage) -> list[ProductVariant]:
    """The product's live variants in editor order, each with its stock record loaded."""
    return list(
        ProductVariant.objects.filter(product=product)
        .select_related("stock_record")
        .order_by("sort_order", "pk")
    )


def product_detail_parts(*, product: ProductPage) -> dict[str, Any]:
    """What a product page shows besides the page's own fields, in a fixed number of queries."""
    images = list(
        ProductImage.objects.filter(product=product)
        .select_related("image")
        .prefetch_related(
            Prefetch(
                "image__renditions",
                queryset=get_image_model()
                .get_rendition_model()
                .objects.filter(filter_spec__in=[DETAIL_IMAGE, THUMB_IMAGE]),
            )
        )
        .order_by("sort_order", "pk")
    )
    variants = variants_for_sale(product)
    available = [v for v in variants if stock_of(v) > 0]
    return {
        "gallery": images,
        "variants": variants,
        "default_variant": available[0] if available else None,
        "categories": list(product.categories.all()),
    }


def stock_of(variant: ProductVariant) -> int:
    try:
        return variant.stock_record.quantity
    except StockRecord.DoesNotExist:
        return 0


def product_detail(*, product_id: int) -> ProductPage:
    """A live product by id; raises ProductPage.DoesNotExist otherwise."""
    return ProductPage.objects.live().annotate(is_in_stock=in_stock_expression()).get(pk=product_id)
