from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelatedConfig(AppConfig):
    name = "storefront.related"
    label = "storefront_related"
    verbose_name = _("Storefront related products")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from storefront.core import privacy as privacy_registry
        from storefront.core.api import api
        from storefront.core.receivers import clear_page_cache
        from storefront.orders import signals
        from storefront.related import privacy, receivers
        from storefront.related.api import router
        from storefront.related.models import RelatedExclusion

        signals.order_placed.connect(receivers.count_placed_order, dispatch_uid="related_count")
        api.add_router("/", router)
        privacy_registry.register(*privacy.SECTIONS)
        # An editor's exclusion shows to guests at once, as a published pick does.
        for signal in (post_save, post_delete):
            signal.connect(clear_page_cache, sender=RelatedExclusion, dispatch_uid="related_cache")
