from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "storefront.core"
    label = "storefront_core"
    verbose_name = _("Storefront core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished

        from storefront.core import privacy
        from storefront.core.models import ShopSettings
        from storefront.core.receivers import (
            clear_page_cache,
            clear_page_cache_on_settings_change,
        )

        privacy.register(*privacy.SECTIONS)

        page_published.connect(clear_page_cache, dispatch_uid="storefront_cache_published")
        page_unpublished.connect(clear_page_cache, dispatch_uid="storefront_cache_unpublished")
        post_delete.connect(clear_page_cache, sender=Page, dispatch_uid="storefront_cache_deleted")
        post_save.connect(
            clear_page_cache_on_settings_change,
            sender=ShopSettings,
            dispatch_uid="storefront_cache_settings",
        )
