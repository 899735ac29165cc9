from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "storefront.core"
    label = "storefront_core"
    verbose_name = _("Storefront core")
    default_auto_field = "django.db.models.BigAutoField"
