"""The reviews app's part of a customer's data export and account deletion
(``storefront.core.privacy``): their reviews, their votes and removal requests on others'
reviews, the review requests of their orders and those orders' opt-outs."""

from typing import Any

from django.db.models import Prefetch
from django.db.models.functions import Lower
from django_comments.models import CommentFlag
from django_comments_xtd.models import DISLIKEDIT_FLAG, LIKEDIT_FLAG

from storefront.core.privacy import PrivacySection
from storefront.orders.models import Order
from storefront.reviews.models import (
    ProductReview,
    ReviewRequest,
    ReviewRequestOptOut,
)
from storefront.reviews.services import review_delete, review_votes_withdraw, reviews_anonymize


def _own_reviews(user):
    return ProductReview.norel_objects.filter(user=user, is_shop_reply=False)


def _order_addresses(user) -> set[str]:
    """The addresses of the account's orders: the ones its review requests went to."""
    return {
        email.lower() for email in Order.objects.filter(user=user).values_list("email", flat=True)
    }


def reviews_export(user) -> dict[str, Any]:
    written = (
        _own_reviews(user)
        .select_related("product")
        .prefetch_related(
            "photos", Prefetch("shop_reply", queryset=ProductReview.norel_objects.all())
        )
        .order_by("submit_date", "pk")
    )
    flags = list(
        CommentFlag.objects.filter(
            user=user, flag__in=(LIKEDIT_FLAG, DISLIKEDIT_FLAG, CommentFlag.SUGGEST_REMOVAL)
        )
        .select_related("reason")
        .order_by("flag_date", "pk")
    )
    voted = dict(
        ProductReview.norel_objects.filter(pk__in={flag.comment_id for flag in flags}).values_list(
            "pk", "product__title"
        )
    )
    addresses = _order_addresses(user)
    return {
        "written": [
            {
                "product": review.product.title,
                "rating": review.rating,
                "title": review.title,
                "text": review.comment,
                "name": review.user_name,
                "email": review.user_email,
                "submitted_at": review.submit_date,
                "edited_at": review.updated_at,
                "status": review.status,
                "verified_buyer": review.verified,
                "helpful_votes": review.helpful_count,
                "unhelpful_votes": review.unhelpful_count,
                "photos": [photo.image.url for photo in review.photos.all()],
                "shop_reply": _reply_text(review),
            }
            for review in written
        ],
        "votes": [
            {
                "review": flag.comment_id,
                "product": voted.get(flag.comment_id, ""),
                "helpful": flag.flag == LIKEDIT_FLAG,
                "at": flag.flag_date,
            }
            for flag in flags
            if flag.flag != CommentFlag.SUGGEST_REMOVAL
        ],
        "removal_requests": [
            {
                "review": flag.comment_id,
                "product": voted.get(flag.comment_id, ""),
                "reason": getattr(getattr(flag, "reason", None), "reason", ""),
                "note": getattr(getattr(flag, "reason", None), "note", ""),
                "at": flag.flag_date,
            }
            for flag in flags
            if flag.flag == CommentFlag.SUGGEST_REMOVAL
        ],
        "review_requests": [
            {"order": number, "email": email, "sent_at": sent_at}
            for number, email, sent_at in ReviewRequest.objects.filter(order__user=user)
            .order_by("created_at", "pk")
            .values_list("order__number", "email", "sent_at")
        ],
        "review_requests_stopped_for": [
            {"email": email, "at": created_at}
            for email, created_at in ReviewRequestOptOut.objects.filter(
                email__in=addresses
            ).values_list("email", "created_at")
        ],
    }


def _reply_text(review: ProductReview) -> str:
    try:
        reply = review.shop_reply
    except ProductReview.DoesNotExist:
        return ""
    return reply.comment if reply.is_public and not reply.is_removed else ""


def reviews_erase(user, *, reviews: str) -> None:
    review_votes_withdraw(user=user)
    if reviews == "delete":
        # One by one through the service, so each product's summary and rating follow.
        for review in _own_reviews(user).order_by("pk"):
            review_delete(review=review, user=user)
    else:
        reviews_anonymize(user=user)
    ReviewRequest.objects.filter(order__user=user).update(email="")
    # An opt-out only holds an address. It goes with the account unless an order of a guest
    # (or of another account) still has that address: then it keeps protecting that order
    # from review requests, and the address is in the shop's records anyway.
    addresses = _order_addresses(user)
    still_used = set(
        Order.objects.exclude(user=user)
        .annotate(email_lower=Lower("email"))
        .filter(email_lower__in=addresses)
        .values_list("email_lower", flat=True)
    )
    ReviewRequestOptOut.objects.filter(email__in=addresses - still_used).delete()


SECTIONS = (PrivacySection("reviews", export=reviews_export, erase=reviews_erase),)
