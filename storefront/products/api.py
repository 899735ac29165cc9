"""Catalogue endpoints of the JSON API: the same filters and rules as the pages."""

from decimal import Decimal
from typing import Literal

from django.core.paginator import Paginator
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from storefront.core import conf
from storefront.products.models import Category, ProductPage
from storefront.products.selectors import (
    CARD_IMAGE,
    DETAIL_IMAGE,
    product_detail,
    product_detail_parts,
    product_list,
    stock_of,
)

router = Router(tags=["catalogue"])


class ProductFilters(Schema):
    category: str | None = Field(None, description="Category slug")
    min_price: Decimal | None = Field(None, ge=0)
    max_price: Decimal | None = Field(None, ge=0)
    in_stock: bool = False
    min_rating: int | None = Field(None, ge=1, le=5, description="Average rating at least")
    sort: Literal["popular", "newest", "price_asc", "price_desc", "name", "rating"] = "popular"
    page: int = Field(1, ge=1)


class CategoryOut(Schema):
    name: str
    slug: str


class ProductCard(Schema):
    id: int
    title: str
    url: str
    sku: str
    price: Decimal
    compare_at_price: Decimal | None
    on_sale: bool
    in_stock: bool
    image: str | None
    rating_average: Decimal | None
    rating_count: int


class ProductPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[ProductCard]


class VariantOut(Schema):
    id: int
    name: str
    sku: str
    price: Decimal
    stock: int
    in_stock: bool


class ProductDetailOut(ProductCard):
    summary: str
    description: str
    variant_label: str
    categories: list[CategoryOut]
    variants: list[VariantOut]
    images: list[str]


def _image_url(product: ProductPage) -> str | None:
    images = product.gallery_images.all()
    return images[0].image.get_rendition(CARD_IMAGE).url if images else None


def card_out(product: ProductPage) -> dict:
    """A product as a ``ProductCard``; expects a product from ``product_list``."""
    return {
        "id": product.pk,
        "title": product.title,
        "url": product.url,
        "sku": product.sku,
        "price": product.price,
        "compare_at_price": product.compare_at_price,
        "on_sale": product.on_sale,
        "in_stock": product.is_in_stock,
        "image": _image_url(product),
        "rating_average": product.rating_average,
        "rating_count": product.rating_count,
    }


@router.get("/categories", response=list[CategoryOut], summary="List categories")
def categories(request):
    return list(Category.objects.all())


@router.get("/products", response=ProductPageOut, summary="List products")
def products(request, filters: Query[ProductFilters]):
    category = None
    if filters.category:
        category = Category.objects.filter(slug=filters.category).first()
        if category is None:
            raise HttpError(400, _("Unknown category: %(slug)s") % {"slug": filters.category})
    if (
        filters.min_price is not None
        and filters.max_price is not None
        and filters.min_price > filters.max_price
    ):
        raise HttpError(400, _("The minimum price must not be above the maximum."))
    found = product_list(
        category=category,
        min_price=filters.min_price,
        max_price=filters.max_price,
        in_stock=filters.in_stock,
        min_rating=filters.min_rating,
        sort=filters.sort,
    )
    paginator = Paginator(found, conf.get("STOREFRONT_PRODUCTS_PER_PAGE"))
    if filters.page > paginator.num_pages:
        raise HttpError(404, _("There is no page %(page)s.") % {"page": filters.page})
    page = paginator.page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": [card_out(product) for product in page],
    }


@router.get("/products/{product_id}", response=ProductDetailOut, summary="Product detail")
def product(request, product_id: int):
    try:
        found = product_detail(product_id=product_id)
    except ProductPage.DoesNotExist:
        raise HttpError(404, _("No such product.")) from None
    parts = product_detail_parts(product=found)
    images = [item.image.get_rendition(DETAIL_IMAGE).url for item in parts["gallery"]]
    return {
        "id": found.pk,
        "title": found.title,
        "url": found.url,
        "sku": found.sku,
        "price": found.price,
        "compare_at_price": found.compare_at_price,
        "on_sale": found.on_sale,
        "in_stock": found.is_in_stock,
        "image": images[0] if images else None,
        "rating_average": found.rating_average,
        "rating_count": found.rating_count,
        "images": images,
        "summary": found.summary,
        "description": strip_tags(found.description),
        "variant_label": found.variant_label,
        "categories": parts["categories"],
        "variants": [
            {
                "id": variant.pk,
                "name": variant.name,
                "sku": variant.sku,
                "price": variant.price,
                "stock": stock_of(variant),
                "in_stock": stock_of(variant) > 0,
            }
            for variant in parts["variants"]
        ],
    }
