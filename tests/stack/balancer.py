"""How the app servers see a shopper behind the TLS-terminating load balancer: the headers it
adds and the cookies a browser keeps. No Django imports: the locust run (bench/load/) uses it
too, in a gevent-patched process of its own."""

import requests


class BalancedCookieJar(requests.cookies.RequestsCookieJar):
    """The shopper's side of the load balancer is HTTPS, where a browser sends the Secure
    session and CSRF cookies back; this side is plain HTTP on loopback, where requests would
    keep them to itself. Cookies are kept as if they were not Secure."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


def balanced_headers(address: str) -> dict[str, str]:
    """The headers the load balancer adds to a request of the client at ``address``."""
    return {"X-Forwarded-Proto": "https", "X-Forwarded-For": address}
