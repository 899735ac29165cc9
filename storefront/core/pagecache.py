"""Whole catalogue pages cached for guests, so a crowd of new visitors costs a cache read.

Only pages that mark their response (``mark_guest_cacheable``) are kept, only for requests
without a session (no cart, no login, no messages), per site, path, query string and
language. The CSRF token in the page's forms is the one thing that differs between visitors:
it is cut out when the page is stored and each visitor gets their own when it is served.

Entries live ``STOREFRONT_PAGE_CACHE_SECONDS`` at most, and every change that shows on these
pages (a page published, a review moderated, stock or settings changed) calls
``page_cache_clear()``, which moves a version number so older entries are never read again.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers

from storefront.core import conf

VERSION_KEY = "storefront:pagecache:version"
PLACEHOLDER = "__storefront_csrf_token__"
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
MARK = "storefront_guest_cacheable"
# Cookies a guest may carry and still get the shared page (their language is in the key).
NEUTRAL_COOKIES = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


def mark_guest_cacheable(response) -> None:
    """Let the middleware keep this response for other guests."""
    setattr(response, MARK, True)


def page_cache_clear() -> None:
    """Forget every cached page (by moving the version the keys include)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def _key(request, version: int) -> str:
    raw = "|".join(
        [
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
            str(version),
        ]
    )
    return "storefront:pagecache:" + hashlib.sha256(raw.encode()).hexdigest()


def _is_guest_without_state(request) -> bool:
    return request.method == "GET" and set(request.COOKIES) <= NEUTRAL_COOKIES


class GuestPageCacheMiddleware:
    """Serve and store marked pages for guests; list it after CsrfViewMiddleware and
    LocaleMiddleware, so the token cookie is set and the language is known."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = conf.get("STOREFRONT_PAGE_CACHE_SECONDS")
        if not seconds or not _is_guest_without_state(request):
            return self.get_response(request)
        version = cache.get(VERSION_KEY) or 0
        key = _key(request, version)
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(
                content.replace(PLACEHOLDER, get_token(request)), content_type=content_type
            )
            response["X-Storefront-Page-Cache"] = "hit"
            patch_vary_headers(response, ["Cookie"])
            return response
        response = self.get_response(request)
        if (
            getattr(response, MARK, False)
            and response.status_code == 200
            and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        ):
            html = CSRF_INPUT.sub(rf"\g<1>{PLACEHOLDER}\g<2>", response.content.decode())
            cache.set(key, (html, response["Content-Type"]), seconds)
        return response
