"""The plugin's public URLs. A host site includes ``storefront.urls`` once (inside
``i18n_patterns`` if it translates URLs) and adds ``api_urlpatterns`` outside them."""

from django.urls import include, path

from storefront.core.api import api

app_name = "storefront"

urlpatterns = [
    path("", include("storefront.core.urls")),
    path("", include("storefront.customizer.urls")),
    path("", include("storefront.orders.urls")),
]

api_urlpatterns = [path("api/storefront/", api.urls)]
