from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomizerConfig(AppConfig):
    name = "storefront.customizer"
    label = "storefront_customizer"
    verbose_name = _("Storefront customizer")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from storefront.core import privacy as privacy_registry
        from storefront.core.api import api
        from storefront.core.receivers import clear_page_cache
        from storefront.customizer import models, privacy
        from storefront.customizer.api import router

        api.add_router("/", router)
        privacy_registry.register(*privacy.SECTIONS)
        # Product pages embed their customizer: a changed template, swatch or pattern shows.
        for model in (
            models.CustomizationTemplate,
            models.Zone,
            models.Swatch,
            models.SwatchTranslation,
            models.Palette,
            models.Pattern,
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    clear_page_cache,
                    sender=model,
                    dispatch_uid=f"storefront_cache_{model._meta.model_name}_{signal is post_save}",
                )
