"""Review endpoints of the JSON API: the rating summary and the review list, with the same
sorting and filters as the product page."""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from storefront.products.models import ProductPage
from storefront.reviews.selectors import review_page, review_summary

router = Router(tags=["reviews"])


class RatingOut(Schema):
    product_id: int
    count: int
    average: Decimal | None
    histogram: dict[int, int] = Field(description="Number of reviews per star rating, 1 to 5")


class ReviewFilters(Schema):
    sort: Literal["helpful", "newest", "highest", "lowest"] = "helpful"
    stars: int | None = Field(None, ge=1, le=5)
    verified: bool = False
    page: int = Field(1, ge=1)


class PhotoOut(Schema):
    url: str
    thumbnail: str
    width: int
    height: int


class ReplyOut(Schema):
    text: str
    date: datetime


class ReviewOut(Schema):
    id: int
    rating: int
    title: str
    text: str
    name: str
    date: datetime
    verified: bool
    helpful: int
    unhelpful: int
    photos: list[PhotoOut]
    reply: ReplyOut | None


class ReviewPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[ReviewOut]


def _product(product_id: int) -> ProductPage:
    product = ProductPage.objects.live().filter(pk=product_id).first()
    if product is None:
        raise HttpError(404, _("No such product."))
    return product


def _reply(review) -> dict | None:
    reply = getattr(review, "shop_reply", None)  # the reverse one-to-one raises when absent
    if reply is None or not reply.is_public or reply.is_removed:
        return None
    return {"text": reply.comment, "date": reply.submit_date}


@router.get("/products/{product_id}/rating", response=RatingOut, summary="Rating summary")
def rating(request, product_id: int):
    summary = review_summary(_product(product_id))
    return {
        "product_id": product_id,
        "count": summary.count,
        "average": summary.average,
        "histogram": {stars: count for stars, count, _percent in reversed(summary.histogram)},
    }


@router.get("/products/{product_id}/reviews", response=ReviewPageOut, summary="List reviews")
def reviews(request, product_id: int, filters: Query[ReviewFilters]):
    found = review_page(
        product=_product(product_id),
        sort=filters.sort,
        stars=filters.stars,
        verified=filters.verified,
        page_number=filters.page,
    )
    paginator, page = found["paginator"], found["page"]
    if filters.page > max(paginator.num_pages, 1):
        raise HttpError(404, _("There is no page %(page)s.") % {"page": filters.page})
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": [
            {
                "id": review.pk,
                "rating": review.rating,
                "title": review.title,
                "text": review.comment,
                "name": review.author_name,
                "date": review.submit_date,
                "verified": review.verified,
                "helpful": review.helpful_count,
                "unhelpful": review.unhelpful_count,
                "photos": [
                    {
                        "url": photo.image.url,
                        "thumbnail": photo.thumbnail.url,
                        "width": photo.width,
                        "height": photo.height,
                    }
                    for photo in review.photos.all()
                ],
                "reply": _reply(review),
            }
            for review in page
        ],
    }
