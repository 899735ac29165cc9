"""The client's address behind load balancers and reverse proxies.

Behind a proxy every request comes from the proxy's address, so the per-IP rate limits would
count all shoppers together and reviews would record the proxy. Each proxy appends the
address it received the request from to ``X-Forwarded-For``; with
``STOREFRONT_TRUSTED_PROXIES = n`` (the number of proxies in front of the app servers, 0 by
default) the client is the n-th address from the right, the one the outermost proxy saw.
Addresses further left were written by the client itself and are never trusted.
"""

import ipaddress

from storefront.core import conf


def forwarded_client(forwarded_for: str, trusted_proxies: int) -> str | None:
    """The client address in an ``X-Forwarded-For`` value written by ``trusted_proxies``
    proxies, or None when the header is shorter than that or the address is not an IP."""
    if trusted_proxies <= 0:
        return None
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    if len(hops) < trusted_proxies:
        return None
    candidate = hops[-trusted_proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


class ForwardedForMiddleware:
    """Set ``REMOTE_ADDR`` to the client's address that the trusted proxies forwarded, before
    anything (rate limits, reviews) reads it. Put it first in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        client = forwarded_client(
            request.META.get("HTTP_X_FORWARDED_FOR", ""),
            int(conf.get("STOREFRONT_TRUSTED_PROXIES")),
        )
        if client is not None:
            request.META["REMOTE_ADDR"] = client
        return self.get_response(request)
