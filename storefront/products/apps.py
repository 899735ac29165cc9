from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "storefront.products"
    label = "storefront_products"
    verbose_name = _("Storefront products")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from storefront.core.api import api
        from storefront.products.api import router
        from storefront.products.models import ProductPage
        from storefront.products.receivers import ensure_stock_records

        page_published.connect(
            ensure_stock_records, sender=ProductPage, dispatch_uid="storefront_stock_records"
        )
        api.add_router("/", router)
