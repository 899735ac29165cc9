from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "storefront.reviews"
    label = "storefront_reviews"
    verbose_name = _("Storefront reviews")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save
        from django_comments_xtd.moderation import moderator

        from storefront.core import privacy as privacy_registry
        from storefront.core.api import api
        from storefront.core.receivers import clear_page_cache_on_settings_change
        from storefront.products.models import ProductPage
        from storefront.reviews import privacy
        from storefront.reviews.api import router
        from storefront.reviews.models import ReviewSettings
        from storefront.reviews.moderation import ReviewModerator

        moderator.register(ProductPage, ReviewModerator)
        post_save.connect(
            clear_page_cache_on_settings_change,
            sender=ReviewSettings,
            dispatch_uid="storefront_cache_reviews",
        )
        api.add_router("/", router)
        privacy_registry.register(*privacy.SECTIONS)
