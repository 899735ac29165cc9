from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoyaltyConfig(AppConfig):
    name = "storefront.loyalty"
    label = "storefront_loyalty"
    verbose_name = _("Storefront loyalty")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth import get_user_model, user_logged_in
        from django.db.models.signals import post_save

        from storefront.core import privacy as privacy_registry
        from storefront.core.api import api
        from storefront.core.receivers import (
            clear_page_cache,
            clear_page_cache_on_settings_change,
        )
        from storefront.loyalty import privacy, receivers
        from storefront.loyalty.api import router
        from storefront.loyalty.checkout import PointsAdjuster
        from storefront.loyalty.models import LoyaltySettings, LoyaltyTier
        from storefront.orders import adjusters, signals
        from storefront.reviews.signals import review_approved

        adjusters.register(PointsAdjuster())
        signals.order_placed.connect(receivers.earn_for_placed_order, dispatch_uid="loyalty_earn")
        signals.order_delivered.connect(
            receivers.start_pending_period, dispatch_uid="loyalty_delivered"
        )
        signals.order_cancelled.connect(
            receivers.give_back_for_cancelled_order, dispatch_uid="loyalty_cancelled"
        )
        review_approved.connect(receivers.bonus_for_approved_review, dispatch_uid="loyalty_review")
        post_save.connect(
            receivers.bonus_for_new_customer,
            sender=get_user_model(),
            dispatch_uid="loyalty_signup",
        )
        user_logged_in.connect(
            receivers.accept_referral_at_login, dispatch_uid="loyalty_referral_login"
        )
        api.add_router("/", router)
        privacy_registry.register(*privacy.SECTIONS)
        # Product pages show guests the points to earn: a changed program shows at once.
        post_save.connect(
            clear_page_cache_on_settings_change,
            sender=LoyaltySettings,
            dispatch_uid="loyalty_cache_settings",
        )
        post_save.connect(clear_page_cache, sender=LoyaltyTier, dispatch_uid="loyalty_cache_tier")
