"""Review reads shared by the product page, the JSON API and the admin."""

import json
from typing import Any

from django.core.paginator import Page, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django_comments.models import CommentFlag
from django_comments_xtd.models import DISLIKEDIT_FLAG, LIKEDIT_FLAG

from storefront.core import conf
from storefront.orders.models import OrderLine, OrderStatus
from storefront.products.models import ProductPage
from storefront.reviews.models import ProductReview, ReviewPhoto, ReviewSummary

SORTS: dict[str, list[str]] = {
    "helpful": ["-helpful_count", "-submit_date", "-pk"],
    "newest": ["-submit_date", "-pk"],
    "highest": ["-rating", "-submit_date", "-pk"],
    "lowest": ["rating", "-submit_date", "-pk"],
}
DEFAULT_SORT = "helpful"
RECEIVED_STATUSES = (OrderStatus.DELIVERED, OrderStatus.COMPLETED)
# Inside <script>, "</script>" or "<!--" in a review would end the block: escape <, > and &.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def published_reviews() -> QuerySet[ProductReview]:
    return ProductReview.norel_objects.filter(is_shop_reply=False, is_public=True, is_removed=False)


def review_list(
    *, product: ProductPage, sort: str = "", stars: int | None = None, verified: bool = False
) -> QuerySet[ProductReview]:
    """A product's published reviews, sorted and filtered, with photos and the shop's replies
    loaded in two more queries whatever the number of reviews."""
    reviews = published_reviews().filter(product=product)
    if stars:
        reviews = reviews.filter(rating=stars)
    if verified:
        reviews = reviews.filter(verified=True)
    # A prefetch, not select_related: across the reverse one-to-one, select_related would
    # load only the reply's own table and fetch its comment fields one reply at a time.
    return reviews.prefetch_related(
        Prefetch("photos", queryset=ReviewPhoto.objects.order_by("sort_order")),
        Prefetch("shop_reply", queryset=ProductReview.norel_objects.all()),
    ).order_by(*SORTS.get(sort or DEFAULT_SORT, SORTS[DEFAULT_SORT]))


def review_summary(product: ProductPage) -> ReviewSummary:
    """The product's summary, or an empty one for a product nobody reviewed yet."""
    return ReviewSummary.objects.filter(product=product).first() or ReviewSummary(product=product)


def review_page(
    *,
    product: ProductPage,
    user=None,
    sort: str = "",
    stars: int | None = None,
    verified: bool = False,
    page_number: int | str | None = 1,
) -> dict[str, Any]:
    """One page of a product's reviews with the summary, the viewer's own review and votes:
    a fixed number of queries whatever the number of reviews."""
    summary = review_summary(product)
    reviews = review_list(product=product, sort=sort, stars=stars, verified=verified)
    if not summary.count:
        reviews = reviews.none()
    paginator = Paginator(reviews, conf.get("STOREFRONT_REVIEWS_PER_PAGE"))
    if not stars and not verified:
        paginator.count = summary.count  # the summary is exact: spare the COUNT query
    page: Page = paginator.get_page(page_number)
    votes: dict[int, bool] = {}
    own = None
    if user is not None and user.is_authenticated:
        ids = [review.pk for review in page]
        votes = {
            comment_id: flag == LIKEDIT_FLAG
            for comment_id, flag in CommentFlag.objects.filter(
                user=user, comment_id__in=ids, flag__in=[LIKEDIT_FLAG, DISLIKEDIT_FLAG]
            ).values_list("comment_id", "flag")
        }
        own = (
            ProductReview.norel_objects.filter(product=product, user=user, is_shop_reply=False)
            .only("pk", "is_public", "is_removed")
            .first()
        )
    for review in page:
        review.my_vote = votes.get(review.pk)
    return {
        "summary": summary,
        "page": page,
        "paginator": paginator,
        "own_review": own,
    }


def review_json_ld(
    *, product: ProductPage, summary: ReviewSummary, reviews, url: str
) -> SafeString:
    """schema.org Product with AggregateRating and the shown Reviews, safe inside <script>."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "sku": product.sku,
        "url": url,
    }
    if product.summary:
        data["description"] = product.summary
    if summary.count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": str(summary.average),
            "reviewCount": summary.count,
            "bestRating": 5,
            "worstRating": 1,
        }
        data["review"] = [
            {
                "@type": "Review",
                "name": review.title,
                "reviewBody": review.comment,
                "datePublished": review.submit_date.date().isoformat(),
                "author": {"@type": "Person", "name": review.author_name},
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": review.rating,
                    "bestRating": 5,
                    "worstRating": 1,
                },
            }
            for review in reviews
        ]
    encoded = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(encoded))  # noqa: S308


def reviews_of_user(user) -> list[ProductReview]:
    """The customer's own reviews, newest first, with product and the shop's reply."""
    return list(
        ProductReview.norel_objects.filter(user=user, is_shop_reply=False)
        .select_related("product")
        .prefetch_related(Prefetch("shop_reply", queryset=ProductReview.norel_objects.all()))
        .order_by("-submit_date", "-pk")
    )


def products_to_review(user, *, reviewed: list[ProductReview]) -> list[ProductPage]:
    """Live products the customer received and has not reviewed yet."""
    received = OrderLine.objects.filter(
        order__user=user, order__status__in=RECEIVED_STATUSES, product__isnull=False
    ).values("product_id")
    return list(
        ProductPage.objects.live()
        .filter(pk__in=received)
        .exclude(pk__in=[review.product_id for review in reviewed])
        .order_by("title")
    )


def reviews_for_moderation() -> QuerySet[ProductReview]:
    """Reviews (not replies) with what the moderation screen lists: product, reply, flags."""
    return (
        ProductReview.norel_objects.filter(is_shop_reply=False)
        .select_related("product", "shop_reply")
        .annotate(flag_count=Count("flags", filter=Q(flags__flag=CommentFlag.SUGGEST_REMOVAL)))
    )
