"""The JSON API root. Each app adds its router in its AppConfig.ready()."""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.utils import check_csrf

from storefront.core.ratelimit import rate_limit_exceeded

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ShopperSession:
    """Session auth that lets guests in: writes need a CSRF token and are rate limited.

    ``request.auth`` is the logged-in user or an AnonymousUser for guests.
    """

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            if check_csrf(request):
                raise HttpError(
                    403,
                    _("CSRF check failed: send the csrftoken cookie's value in X-CSRFToken."),
                )
            if rate_limit_exceeded(request, group="api-write", setting="STOREFRONT_RATE_CART"):
                raise HttpError(429, _("Too many requests; please wait a minute."))
        # AnonymousUser is truthy, so guests pass; views check ownership themselves.
        return request.user


api = NinjaAPI(
    title="Storefront API",
    version="1",
    urls_namespace="storefront_api",
    auth=ShopperSession(),
    docs_url="/docs",
)
