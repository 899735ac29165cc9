"""The plugin's public URLs. A host site includes ``storefront.urls`` once (inside
``i18n_patterns`` if it translates URLs) and adds ``api_urlpatterns``,
``comments_urlpatterns`` and ``health_urlpatterns`` outside them."""

from django.urls import include, path
from django_comments_xtd import views as xtd_views

from storefront.core.api import api
from storefront.core.views import health

app_name = "storefront"

urlpatterns = [
    path("", include("storefront.core.urls")),
    path("", include("storefront.customizer.urls")),
    path("", include("storefront.orders.urls")),
    path("", include("storefront.reviews.urls")),
    path("", include("storefront.loyalty.urls")),
    path("", include("storefront.returns.urls")),
    path("", include("storefront.related.urls")),
]

api_urlpatterns = [path("api/storefront/", api.urls)]

# The load balancer's health check (storefront.core.views.health), outside i18n_patterns.
health_urlpatterns = [path("health/", health, name="storefront-health")]

# django-comments-xtd's mute link (in its follow-up e-mails) is reversed without a namespace.
comments_urlpatterns = [path("reviews/mute/<str:key>/", xtd_views.mute, name="comments-xtd-mute")]
