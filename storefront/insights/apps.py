from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "storefront.insights"
    label = "storefront_insights"
    verbose_name = _("Storefront insights")
    default_auto_field = "django.db.models.BigAutoField"
