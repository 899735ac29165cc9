from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelatedConfig(AppConfig):
    name = "storefront.related"
    label = "storefront_related"
    verbose_name = _("Storefront related products")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from storefront.core.api import api
        from storefront.orders import signals
        from storefront.related import receivers
        from storefront.related.api import router

        signals.order_placed.connect(receivers.count_placed_order, dispatch_uid="related_count")
        api.add_router("/", router)
