from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "storefront.returns"
    label = "storefront_returns"
    verbose_name = _("Storefront returns")
    default_auto_field = "django.db.models.BigAutoField"
