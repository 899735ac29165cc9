"""Receivers the loyalty app connects in its AppConfig.ready(): points follow orders, reviews
and new accounts."""

from django.utils.translation import gettext as _

from storefront.loyalty import services
from storefront.loyalty.models import loyalty_settings


def earn_for_placed_order(sender, order, **kwargs):
    services.points_earn_for_order(order=order)


def start_pending_period(sender, order, **kwargs):
    services.points_schedule_for_delivery(order=order)
    services.referral_reward(order=order)


def give_back_for_cancelled_order(sender, order, **kwargs):
    services.points_cancel_order(order=order)


def bonus_for_approved_review(sender, review, **kwargs):
    if review.user_id is None:
        return
    program = loyalty_settings()
    services.points_bonus(
        user=review.user,
        points=program.review_bonus,
        source=f"review:{review.pk}",
        reason=_("Thank you for your review of %(product)s") % {"product": review.product.title},
    )
    if review.photos.exists():
        services.points_bonus(
            user=review.user,
            points=program.photo_review_bonus,
            source=f"review-photo:{review.pk}",
            reason=_("Extra thanks for the photo in your review"),
        )


def bonus_for_new_customer(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.points_bonus(
            user=instance,
            points=loyalty_settings().signup_bonus,
            source="signup",
            reason=_("Welcome to our loyalty program"),
        )
