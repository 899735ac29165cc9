from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "storefront.returns"
    label = "storefront_returns"
    verbose_name = _("Storefront returns")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from storefront.core import privacy as privacy_registry
        from storefront.core.api import api
        from storefront.returns import privacy
        from storefront.returns.api import router

        api.add_router("/", router)
        privacy_registry.register(*privacy.SECTIONS)
