from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "storefront.orders"
    label = "storefront_orders"
    verbose_name = _("Storefront orders")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from storefront.core import privacy as privacy_registry
        from storefront.core.api import api
        from storefront.orders import privacy
        from storefront.orders.api import router
        from storefront.orders.receivers import merge_guest_cart

        user_logged_in.connect(merge_guest_cart, dispatch_uid="storefront_merge_guest_cart")
        api.add_router("/", router)
        privacy_registry.register(*privacy.SECTIONS)
