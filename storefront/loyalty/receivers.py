"""Receivers the loyalty app connects in its AppConfig.ready(): points follow orders, reviews
and new accounts."""

from django.contrib import messages
from django.utils.translation import gettext as _

from storefront.loyalty import services
from storefront.loyalty.models import loyalty_settings
from storefront.orders.models import Order

# The referral code of the personal link a visitor arrived by, until they log in.
REFERRAL_SESSION_KEY = "storefront_referral_code"


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


def accept_referral_at_login(sender, request, user, **kwargs):
    """A visitor who came by a friend's link and then signs up (or logs in before ordering
    anything) is recorded as referred; the code is used once either way."""
    session = getattr(request, "session", None)
    code = session.pop(REFERRAL_SESSION_KEY, None) if session is not None else None
    if not code or Order.objects.filter(user=user).exists():
        return
    if services.referral_accept(user=user, code=code):
        messages.info(
            request,
            _(
                "You joined through a friend's link: you both get points once your first order "
                "has arrived."
            ),
            fail_silently=True,
        )
