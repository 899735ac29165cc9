from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomizerConfig(AppConfig):
    name = "storefront.customizer"
    label = "storefront_customizer"
    verbose_name = _("Storefront customizer")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from storefront.core.api import api
        from storefront.customizer.api import router

        api.add_router("/", router)
