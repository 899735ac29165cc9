from django.apps import AppConfig


class DemoSiteConfig(AppConfig):
    """The demo site as an app, so that its management command (the demo data, which uses
    every storefront app) lives with the site rather than inside one of the plugin's apps."""

    name = "config"
    label = "storefront_demo_site"
    verbose_name = "Storefront demo site"
