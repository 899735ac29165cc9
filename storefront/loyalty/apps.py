from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoyaltyConfig(AppConfig):
    name = "storefront.loyalty"
    label = "storefront_loyalty"
    verbose_name = _("Storefront loyalty")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from storefront.core.api import api
        from storefront.loyalty import receivers
        from storefront.loyalty.api import router
        from storefront.loyalty.checkout import PointsAdjuster
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
        api.add_router("/", router)
